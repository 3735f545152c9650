package io.chartline.api;

import io.chartline.common.auth.Principal;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.query.QueryProtocol;
import io.chartline.common.tenant.DataScope;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/query} with {@code Accept: text/event-stream}: the answer as server-sent events.
 * <ul>
 *   <li>{@code text}: {@code {"text": ...}}, pieces of the answer in order, markers renumbered as
 *       in the JSON reply (nothing is sent before the text cites a passage);
 *   <li>{@code citations}: {@code {"citations": [...]}}, as in the JSON reply, when answered;
 *   <li>{@code done}: the rest of the JSON reply ({@code answered}, {@code reason}, {@code answer}
 *       in full, {@code generator}, {@code timings}, {@code passages} on a fallback,
 *       {@code request_id}); the stream ends after it;
 *   <li>{@code error}: {@code {"error": {code, message, request_id}}} when the answer fails after
 *       the stream began; before that, failures are the usual JSON errors with their status.
 * </ul>
 * The access event is durable before the first byte. Backpressure: a piece is acknowledged to the
 * query role only when the connection has room, and the generator takes the next piece only then.
 * A comment line every {@code heartbeat} keeps idle proxies from closing the stream. A client that
 * goes away cancels the model call.
 */
public final class AnswerStream {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerStream.class);
  static final String MEDIA_TYPE = "text/event-stream";

  /**
   * @param timeout the most a streamed answer may take in all, and a piece may wait for the client
   *     ({@code CHARTLINE_QUERY_STREAM_TIMEOUT})
   * @param heartbeat the pause after which a comment line is sent ({@code CHARTLINE_QUERY_STREAM_HEARTBEAT})
   */
  public record Settings(Duration timeout, Duration heartbeat) {
    public Settings {
      if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("CHARTLINE_QUERY_STREAM_TIMEOUT must be within (0, 10m], was " + timeout);
      }
      if (heartbeat == null || heartbeat.toMillis() < 100 || heartbeat.compareTo(timeout) >= 0) {
        throw new IllegalArgumentException("CHARTLINE_QUERY_STREAM_HEARTBEAT must be at least 100ms and shorter "
            + "than CHARTLINE_QUERY_STREAM_TIMEOUT, was " + heartbeat);
      }
    }

    /** Two minutes in all, a comment every 15 seconds. */
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(2), Duration.ofSeconds(15));
    }
  }

  private final EventBus bus;
  private final Auditor auditor;
  private final Settings settings;

  AnswerStream(EventBus bus, Auditor auditor, Settings settings) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** @return whether the client asked for an event stream */
  static boolean wanted(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains(MEDIA_TYPE);
  }

  void start(RoutingContext ctx, DataScope scope, String question, int topK, String action) {
    new Run(ctx, scope, question, topK, action).start();
  }

  /** One streamed answer; everything runs on the request's context. */
  private final class Run {
    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Principal principal;
    private final DataScope scope;
    private final String question;
    private final int topK;
    private final String action;
    private final String to = QueryProtocol.newStreamAddress();
    private Future<Void> audited;
    private MessageConsumer<JsonObject> pieces;
    private boolean begun;
    private boolean finished;
    private long heartbeat = -1;
    private long lastWrite;

    Run(RoutingContext ctx, DataScope scope, String question, int topK, String action) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.principal = AuthHandler.principal(ctx);
      this.scope = scope;
      this.question = question;
      this.topK = topK;
      this.action = action;
    }

    void start() {
      audited = auditor.record(ctx, action, "tenant", principal.tenant().value(), Outcome.SUCCESS, null);
      pieces = bus.consumer(to, this::onPiece);
      response.closeHandler(v -> onClosed());
      pieces.completion().onComplete(registered -> {
        if (registered.failed()) {
          finish();
          ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "query service unavailable");
          return;
        }
        JsonObject request = QueryProtocol.streamRequest(scope, question, topK, RequestIds.of(ctx), to,
            settings.timeout().toMillis());
        Future<Message<JsonObject>> reply = bus.request(QueryProtocol.ADDRESS, request,
            new DeliveryOptions().setSendTimeout(settings.timeout().toMillis()));
        Future.join(audited, reply).onComplete(done -> onReply(reply));
      });
    }

    /** A piece from the query role: written once the access is durable, acknowledged once it fits. */
    private void onPiece(Message<JsonObject> piece) {
      audited.onComplete(a -> {
        if (a.failed() || finished || response.closed() || response.ended()) {
          piece.fail(503, "the client is gone");
          return;
        }
        String text = piece.body() == null ? null : piece.body().getString("text");
        if (text == null) {
          piece.fail(400, "a piece carries text");
          return;
        }
        begin();
        event("text", new JsonObject().put("text", text));
        if (response.writeQueueFull()) {
          response.drainHandler(v -> {
            response.drainHandler(null);
            piece.reply(null);
          });
        } else {
          piece.reply(null);
        }
      });
    }

    private void onReply(Future<Message<JsonObject>> reply) {
      boolean closed = response.closed();
      if (finished) {
        return;
      }
      finish();
      if (reply.failed()) {
        ChartlineException e = QueryProtocol.fromReply(reply.cause(), principal.tenant());
        auditor.record(ctx, action, "tenant", principal.tenant().value(), Outcome.FAILURE,
            closed ? "CLIENT_CLOSED" : e.code().name());
        if (closed) {
          return;
        }
        if (begun) {
          event("error", ApiErrors.body(e.code(), e.getMessage(), RequestIds.of(ctx)));
          response.end();
        } else {
          ApiErrors.send(ctx, e.code(), e.getMessage());
        }
        return;
      }
      if (audited.failed()) {
        ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "audit unavailable; no data returned");
        return;
      }
      if (closed) {
        return;
      }
      begin();
      JsonObject body = reply.result().body().copy().put("request_id", RequestIds.of(ctx));
      Object citations = body.remove("citations");
      if (Boolean.TRUE.equals(body.getBoolean("answered"))) {
        event("citations", new JsonObject().put("citations", citations));
      }
      event("done", body);
      response.end();
    }

    private void onClosed() {
      if (!finished) {
        bus.send(QueryProtocol.cancelAddress(to), new JsonObject());
        LOG.debug("answer stream closed by the client [request: {}]", RequestIds.of(ctx));
      }
    }

    private void begin() {
      if (begun) {
        return;
      }
      begun = true;
      SecurityHeaders.apply(response).setStatusCode(200).setChunked(true)
          .putHeader("content-type", MEDIA_TYPE + "; charset=utf-8")
          .putHeader("cache-control", "no-store")
          .putHeader("x-accel-buffering", "no");
      response.write(": stream\n\n");
      lastWrite = System.nanoTime();
      long every = settings.heartbeat().toMillis();
      heartbeat = ctx.vertx().setPeriodic(every, every, id -> {
        boolean quiet = System.nanoTime() - lastWrite >= settings.heartbeat().toNanos() * 9 / 10;
        if (quiet && !finished && !response.closed() && !response.writeQueueFull()) {
          response.write(": heartbeat\n\n");
          lastWrite = System.nanoTime();
        }
      });
    }

    private void event(String type, JsonObject data) {
      if (response.closed() || response.ended()) {
        return;
      }
      response.write("event: " + type + "\ndata: " + data.encode() + "\n\n");
      lastWrite = System.nanoTime();
    }

    private void finish() {
      finished = true;
      if (heartbeat >= 0) {
        ctx.vertx().cancelTimer(heartbeat);
      }
      pieces.unregister();
    }
  }
}
