package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one request: checks signature scope, path and model, reads and validates the body, charges
 * the quotas, draws a fault, waits out the latency and answers. Runs on the server's event loop;
 * model inference and answering run on workers.
 */
final class BedrockHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(BedrockHandler.class);
  /** Bedrock refuses request bodies above 20 MB; a little more is read before refusing. */
  static final long MAX_BODY_BYTES = 25L * 1024 * 1024;

  private final Vertx vertx;
  private final ObjectMapper json;
  private final SigV4Scope scope;
  private final Supplier<LocalBedrockOptions> options;
  private final RateQuota quota;
  private final FaultPlan faults;
  private final Counters counters;
  private final TitanVectors vectors;
  private final ExtractiveAnswerer answerer = new ExtractiveAnswerer();

  BedrockHandler(Vertx vertx, ObjectMapper json, SigV4Scope scope, Supplier<LocalBedrockOptions> options,
      RateQuota quota, FaultPlan faults, Counters counters, TitanVectors vectors) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.json = Objects.requireNonNull(json, "json");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.options = Objects.requireNonNull(options, "options");
    this.quota = Objects.requireNonNull(quota, "quota");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.vectors = Objects.requireNonNull(vectors, "vectors");
  }

  @Override
  public void handle(HttpServerRequest request) {
    BedrockCall call = new BedrockCall(request, counters, json);
    String length = request.getHeader("Content-Length");
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 12
        && Long.parseLong(length) > MAX_BODY_BYTES) {
      request.connection().close();
      call.markFinished();
      return;
    }
    request.body().onComplete(body -> {
      if (body.failed()) {
        call.markFinished();
        return;
      }
      try {
        serve(call, body.result());
      } catch (BedrockError e) {
        refuse(call, e);
      } catch (RuntimeException e) {
        LOG.warn("bedrock call failed [operation: {}]", call.operation(), e);
        call.fail(internal());
      }
    });
  }

  private void serve(BedrockCall call, Buffer body) {
    HttpServerRequest request = call.request();
    scope.check(request.getHeader("Authorization"), request.getHeader("X-Amz-Date"));
    call.authenticated();
    BedrockRoute route = BedrockRoute.parse(request.method().name(), request.path());
    call.operation(route.operation());
    counters.call(route.operation());
    ModelIds.Family family = ModelIds.resolve(route.modelId());
    if (body.length() > MAX_BODY_BYTES) {
      throw BedrockError.validation("Input is too long for requested model.");
    }
    switch (route.operation()) {
      case INVOKE_MODEL -> invokeModel(call, family, body.getBytes());
      case CONVERSE, CONVERSE_STREAM -> converse(call, family, body.getBytes());
    }
  }

  private void invokeModel(BedrockCall call, ModelIds.Family family, byte[] body) {
    if (family != ModelIds.Family.TITAN_EMBEDDINGS) {
      throw BedrockError.validation("LocalBedrock answers InvokeModel for " + ModelIds.TITAN_V2
          + " only; ask Claude models through Converse or ConverseStream.");
    }
    TitanRequest titan = TitanRequest.parse(json, body);
    LocalBedrockOptions now = options.get(); // blocking-ok: AtomicReference read
    if (!admit(call, titan.tokens(), 0) || answeredWith(call, draw(call, now), now)) {
      return;
    }
    compute(() -> vectors.embed(titan.inputText(), titan.dimensions(), titan.normalize()), vectors.blocking())
        .onComplete(done -> afterLatency(call, now, () -> {
          if (done.succeeded()) {
            call.ok(titan.response(json, done.result()), titan.tokens(), 0);
          } else {
            LOG.warn("bedrock embedding failed [model: titan-v2]", done.cause());
            call.fail(internal());
          }
        }));
  }

  private record Prepared(ConverseRequest request, Answer answer) {
  }

  private void converse(BedrockCall call, ModelIds.Family family, byte[] body) {
    if (family != ModelIds.Family.CLAUDE) {
      throw BedrockError.validation("This action doesn't support the model that you provided. Try again with a "
          + "supported text or chat model.");
    }
    LocalBedrockOptions now = options.get(); // blocking-ok: AtomicReference read
    vertx.executeBlocking(() -> {
      ConverseRequest request = ConverseRequest.parse(json, body, now.maxDocuments());
      return new Prepared(request, answerer.answer(request));
    }, false).onComplete(done -> {
      if (done.failed()) {
        if (done.cause() instanceof BedrockError error) {
          refuse(call, error);
        } else {
          LOG.warn("bedrock answer failed [operation: {}]", call.operation(), done.cause());
          call.fail(internal());
        }
        return;
      }
      Prepared prepared = done.result();
      if (call.finished() || !admit(call, prepared.request().inputTokens(), prepared.answer().outputTokens())) {
        return;
      }
      BedrockFault fault = draw(call, now);
      if (answeredWith(call, fault, now)) {
        return;
      }
      ConverseOutput output = new ConverseOutput(json, prepared.answer(), prepared.request().inputTokens());
      if (call.operation() == BedrockOperation.CONVERSE) {
        afterLatency(call, now, () -> call.ok(output.response(call.elapsedMillis()),
            prepared.request().inputTokens(), prepared.answer().outputTokens()));
      } else {
        EventStreamWriter writer = new EventStreamWriter(vertx, json, call, counters, output,
            now.streamInterval().toMillis(), fault == BedrockFault.MID_STREAM_ERROR);
        afterLatency(call, now, writer::start);
      }
    });
  }

  /** Charges the quotas; answers {@code ThrottlingException} and returns false when a quota is spent. */
  private boolean admit(BedrockCall call, int inputTokens, int outputTokens) {
    RateQuota.Refusal refusal = quota.tryAcquire((long) inputTokens + outputTokens);
    if (refusal != null) {
      counters.throttled();
      call.fail(refusal.error());
      return false;
    }
    counters.tokens(inputTokens, outputTokens);
    return true;
  }

  /** Draws the fault for the call, or null; counts it. */
  private BedrockFault draw(BedrockCall call, LocalBedrockOptions now) {
    BedrockFault fault = faults.next(call.operation(), now.faults());
    if (fault != null) {
      counters.fault(fault);
    }
    return fault;
  }

  /** Answers the call with {@code fault} and returns true, unless there is none or it strikes mid-stream. */
  private boolean answeredWith(BedrockCall call, BedrockFault fault, LocalBedrockOptions now) {
    if (fault == null || fault == BedrockFault.MID_STREAM_ERROR) {
      return false;
    }
    switch (fault) {
      case HANG -> LOG.debug("bedrock call held without answer [operation: {}]", call.operation());
      case THROTTLING, MODEL_NOT_READY, ACCESS_DENIED -> call.fail(BedrockError.of(fault));
      default -> afterLatency(call, now, () -> call.fail(BedrockError.of(fault)));
    }
    return true;
  }

  /** Runs {@code action} once the call's latency (from its arrival) has passed, unless its client left. */
  void afterLatency(BedrockCall call, LocalBedrockOptions now, Runnable action) {
    long wanted = now.latency().toNanos() + (long) (now.latencyJitter().toNanos() * faults.jitter());
    long waitMillis = (wanted - (System.nanoTime() - call.receivedNanos()) + 999_999) / 1_000_000;
    if (waitMillis <= 0) {
      action.run();
      return;
    }
    long timer = vertx.setTimer(waitMillis, id -> action.run());
    call.onClientGone(() -> vertx.cancelTimer(timer));
  }

  /** {@code work} on a worker when it may block, else right here on the event loop. */
  private <T> Future<T> compute(Callable<T> work, boolean blocking) {
    if (blocking) {
      return vertx.executeBlocking(work, false);
    }
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private void refuse(BedrockCall call, BedrockError error) {
    if (call.isAuthenticated()) {
      counters.rejected();
    }
    call.fail(error);
  }

  private static BedrockError internal() {
    return BedrockError.of(BedrockFault.INTERNAL_SERVER);
  }
}
