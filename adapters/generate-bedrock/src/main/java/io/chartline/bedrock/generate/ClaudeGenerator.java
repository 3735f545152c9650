package io.chartline.bedrock.generate;

import io.chartline.common.generate.Generator;
import io.chartline.common.store.ChunkStore.Passage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * Answers with Claude on Amazon Bedrock: Converse for a whole answer, ConverseStream for a streamed
 * one, the passages as one cited document ({@link ClaudePrompt}), native citations turned into
 * markers ({@link ClaudeAnswers}). A resilience4j circuit breaker guards both; while it is open no
 * call is made and {@link #ready()} is false. Failures carry a stable code and a fixed message
 * ({@link ClaudeException}); prompts, passages and answers are never logged. Thread-safe; results
 * complete on the caller's context.
 */
public final class ClaudeGenerator implements Generator {

  /** The generator's id in query replies. */
  public static final String ID = "bedrock-claude";

  private final Vertx vertx;
  private final BedrockRuntimeAsyncClient client;
  private final ClaudeSettings settings;
  private final ClaudePrompt prompt;
  private final CircuitBreaker breaker;
  private final ClaudeMetrics metrics;

  public ClaudeGenerator(Vertx vertx, BedrockRuntimeAsyncClient client, ClaudeSettings settings, CircuitBreaker breaker,
      MeterRegistry registry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.prompt = new ClaudePrompt(settings);
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.metrics = new ClaudeMetrics(registry, settings.modelId(), breaker);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean ready() {
    CircuitBreaker.State state = breaker.getState();
    return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
  }

  /** @return the breaker's state, for readiness reports and tests */
  public CircuitBreaker.State circuit() {
    return breaker.getState();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public Future<Answer> answer(String question, List<Passage> passages) {
    Context context = vertx.getOrCreateContext();
    if (!breaker.tryAcquirePermission()) {
      metrics.failed(false, ClaudeException.Kind.CIRCUIT_OPEN, -1);
      return Future.failedFuture(ClaudeException.of(ClaudeException.Kind.CIRCUIT_OPEN));
    }
    long start = System.nanoTime();
    metrics.started();
    CompletableFuture<ConverseResponse> call;
    try {
      ConverseRequest request = prompt.converse(question, passages).toBuilder()
          .overrideConfiguration(c -> c.apiCallTimeout(settings.answerTimeout())).build();
      call = client.converse(request);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    Promise<Answer> answer = Promise.promise();
    call.whenComplete((response, err) -> context.runOnContext(v -> {
      long nanos = System.nanoTime() - start;
      if (err != null) {
        answer.fail(failed(false, ClaudeException.classify(err), nanos));
        return;
      }
      try {
        Answer a = ClaudeAnswers.of(response, passages.size());
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        metrics.succeeded(false, nanos, response.usage() == null ? null : response.usage().inputTokens(),
            response.usage() == null ? null : response.usage().outputTokens(), a.refused());
        answer.complete(a);
      } catch (RuntimeException e) {
        answer.fail(failed(false, ClaudeException.classify(e), nanos));
      }
    }));
    return answer.future();
  }

  @Override
  public Streaming stream(String question, List<Passage> passages, Sink sink) {
    Context context = vertx.getOrCreateContext();
    if (!breaker.tryAcquirePermission()) {
      metrics.failed(true, ClaudeException.Kind.CIRCUIT_OPEN, -1);
      return Streaming.of(Future.failedFuture(ClaudeException.of(ClaudeException.Kind.CIRCUIT_OPEN)));
    }
    long start = System.nanoTime();
    metrics.started();
    ClaudeStream stream = new ClaudeStream(context, passages.size(), sink, (failure, answer, in, out) -> {
      long nanos = System.nanoTime() - start;
      if (failure != null) {
        failed(true, failure, nanos);
      } else {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        metrics.succeeded(true, nanos, in, out, answer.refused());
      }
    }, metrics::firstText);
    CompletableFuture<Void> call;
    try {
      call = client.converseStream(prompt.stream(question, passages), ConverseStreamResponseHandler.builder()
          .onEventStream(publisher -> publisher.subscribe(stream)).build());
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    stream.started(call, settings.streamTimeout());
    return stream;
  }

  /** Settles a failed call with the breaker and the meters; failures the service is not to blame for do not count. */
  private ClaudeException failed(boolean stream, ClaudeException e, long nanos) {
    if (e.kind().countsAsFailure) {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
    } else if (e.kind() == ClaudeException.Kind.CANCELLED) {
      breaker.releasePermission();
    } else {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
    metrics.failed(stream, e.kind(), nanos);
    return e;
  }
}
