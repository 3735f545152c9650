package io.chartline.api;

import io.chartline.common.error.ErrorCode;
import io.chartline.common.query.LinkAuth;
import io.chartline.common.query.QueryLinkSettings;
import io.chartline.common.query.QueryProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On an api node without the query role: serves {@value QueryProtocol#ADDRESS} on this process's
 * event bus by sending each request over the query link (ADR 0019) to a query node chosen by
 * {@link QueryBackends}, so {@link SearchRoutes} and {@link AnswerStream} work the same whether the
 * query role is in this process or not.
 *
 * <p>Failures: a request that cannot reach a node, or whose node is lost before it answered
 * anything, is sent once more to another node (retrieval only reads); lost after pieces of a
 * streamed answer went to the client, it fails with UNAVAILABLE. With no ready node it fails at
 * once with UNAVAILABLE. A node is never waited for longer than the request's own timeout.
 */
public final class QueryRelay extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(QueryRelay.class);
  /** The largest line a query node may send (a reply of {@link QueryProtocol#MAX_TOP_K} passages fits). */
  static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

  private final QueryBackends backends;
  private final LinkAuth auth;
  private final Duration queryTimeout;
  private final Counter retried;
  private final Counter failed;
  private MessageConsumer<JsonObject> consumer;

  /** @param queryTimeout how long an answer in one reply may take ({@code CHARTLINE_QUERY_TIMEOUT}) */
  public QueryRelay(QueryBackends backends, LinkAuth auth, Duration queryTimeout, MeterRegistry registry) {
    this.backends = Objects.requireNonNull(backends, "backends");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
    this.retried = Counter.builder("chartline.query.link.retries")
        .description("Query requests sent to a second query node after the first could not answer").register(registry);
    this.failed = Counter.builder("chartline.query.link.failures")
        .description("Query requests no query node answered").register(registry);
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().localConsumer(QueryProtocol.ADDRESS, this::onRequest);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onRequest(Message<JsonObject> msg) {
    JsonObject request = msg.body().copy();
    String streamTo = request.getString("stream_to");
    long timeout = streamTo == null ? queryTimeout.toMillis() : request.getLong("piece_timeout_ms", queryTimeout.toMillis());
    request.put("timeout_ms", timeout);
    new Call(msg, request, streamTo, timeout).attempt(new HashSet<>(), 1);
  }

  /** One request, over one or two attempts. */
  private final class Call {
    private final Message<JsonObject> msg;
    private final Buffer body;
    private final String streamTo;
    private final long timeout;
    private boolean finished;
    private boolean piecesSent;
    private HttpClientRequest current;
    private MessageConsumer<Object> cancel;

    Call(Message<JsonObject> msg, JsonObject request, String streamTo, long timeout) {
      this.msg = msg;
      this.body = request.toBuffer();
      this.streamTo = streamTo;
      this.timeout = timeout;
      if (streamTo != null) {
        cancel = vertx.eventBus().localConsumer(QueryProtocol.cancelAddress(streamTo), m -> {
          if (current != null) {
            current.reset();
          }
          finish(null, ErrorCode.UNAVAILABLE, "cancelled");
        });
      }
    }

    void attempt(Set<QueryBackends.Backend> tried, int retriesLeft) {
      QueryBackends.Backend b = backends.pick(tried);
      if (b == null) {
        failed.increment();
        finish(null, ErrorCode.UNAVAILABLE, tried.isEmpty() ? "no query node is ready"
            : "no query node could answer");
        return;
      }
      tried.add(b);
      b.inFlight.incrementAndGet();
      boolean[] released = {false};
      Runnable release = () -> {
        if (!released[0]) {
          released[0] = true;
          b.inFlight.decrementAndGet();
        }
      };
      backends.client().request(b.options(HttpMethod.POST, QueryLinkSettings.QUERY_PATH).setIdleTimeout(timeout))
          .compose(req -> {
            current = req;
            req.putHeader("content-type", "application/json")
                .putHeader(LinkAuth.HEADER, auth.sign("POST", QueryLinkSettings.QUERY_PATH, body.getBytes()));
            return req.send(body);
          })
          .onSuccess(resp -> onResponse(b, resp, release, tried, retriesLeft))
          .onFailure(t -> {
            release.run();
            lost(b, t, tried, retriesLeft);
          });
    }

    /** The node could not be reached, or went away before it answered anything: once more elsewhere. */
    private void lost(QueryBackends.Backend b, Throwable t, Set<QueryBackends.Backend> tried, int retriesLeft) {
      if (finished) {
        return;
      }
      boolean timedOut = t instanceof java.util.concurrent.TimeoutException;
      if (!timedOut) {
        b.markDown();
      }
      LOG.warn("query node did not answer [node: {}, error: {}]", b, t.getClass().getSimpleName());
      if (timedOut) {
        failed.increment();
        finish(null, ErrorCode.TIMEOUT, "query timed out");
      } else if (retriesLeft > 0 && !piecesSent) {
        retried.increment();
        attempt(tried, retriesLeft - 1);
      } else {
        failed.increment();
        finish(null, ErrorCode.UNAVAILABLE, "the query node was lost during the request");
      }
    }

    private void onResponse(QueryBackends.Backend b, HttpClientResponse resp, Runnable release,
        Set<QueryBackends.Backend> tried, int retriesLeft) {
      if (resp.statusCode() != 200) {
        release.run();
        resp.body();
        if (resp.statusCode() == 503 && retriesLeft > 0) {
          // the node is stopping: it answered nothing, so another may
          b.markDown();
          retried.increment();
          attempt(tried, retriesLeft - 1);
          return;
        }
        LOG.error("query node refused a request [node: {}, status: {}]", b, resp.statusCode());
        failed.increment();
        finish(null, ErrorCode.INTERNAL, resp.statusCode() == 401
            ? "the query link refused this node (CHARTLINE_QUERY_LINK_KEYS differ)" : "query link error");
        return;
      }
      boolean[] answered = {false};
      RecordParser lines = RecordParser.newDelimited("\n", resp).maxRecordSize(MAX_LINE_BYTES);
      lines.handler(line -> {
        JsonObject o;
        try {
          o = new JsonObject(line);
        } catch (DecodeException e) {
          lines.pause();
          release.run();
          current.reset();
          finish(null, ErrorCode.INTERNAL, "query link error");
          return;
        }
        if (o.containsKey("piece")) {
          onPiece(o, lines);
        } else {
          answered[0] = true;
          release.run();
          JsonObject failure = o.getJsonObject("failure");
          if (failure != null) {
            finish(failure, null, null);
          } else {
            finished = true;
            unregister();
            msg.reply(o.getJsonObject("reply"));
          }
        }
      });
      lines.exceptionHandler(t -> {
        release.run();
        lost(b, t, tried, retriesLeft);
      });
      lines.endHandler(v -> {
        release.run();
        if (!answered[0]) {
          lost(b, new java.io.IOException("closed before the answer"), tried, retriesLeft);
        }
      });
    }

    /** A piece of a streamed answer: passed on to the API's stream, the link paused until it is taken. */
    private void onPiece(JsonObject o, RecordParser lines) {
      if (streamTo == null || finished) {
        lines.pause();
        current.reset();
        finish(null, ErrorCode.INTERNAL, "query link error");
        return;
      }
      piecesSent = true;
      lines.pause();
      vertx.eventBus().request(streamTo, new JsonObject().put("text", o.getString("piece")),
              new DeliveryOptions().setSendTimeout(timeout))
          .onSuccess(ack -> lines.resume())
          .onFailure(t -> {
            current.reset();
            finish(null, ErrorCode.UNAVAILABLE, "the client is gone");
          });
    }

    /** Answers the API once: a node's own failure as it was, or a failure of the link. */
    private void finish(JsonObject failure, ErrorCode code, String message) {
      if (finished) {
        return;
      }
      finished = true;
      unregister();
      if (failure != null) {
        msg.fail(failure.getInteger("status", 503), failure.getString("message",
            QueryProtocol.failureMessage(ErrorCode.UNAVAILABLE, "query service unavailable")));
      } else {
        msg.fail(code.httpStatus(), QueryProtocol.failureMessage(code, message));
      }
    }

    private void unregister() {
      if (cancel != null) {
        cancel.unregister();
      }
    }
  }
}
