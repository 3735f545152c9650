package io.chartline.query;

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
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query role's side of the query link (ADR 0019): {@code POST /internal/v1/query} takes a
 * {@link QueryProtocol} request signed by an api node ({@link LinkAuth}), hands it to this
 * process's {@link QueryVerticle} and answers with NDJSON lines: {@code {"piece": text}} for each
 * piece of a streamed answer, then exactly one {@code {"reply": ...}} or
 * {@code {"failure": {"status", "message"}}}. A piece is acknowledged to the generator only once the
 * connection has room, so a slow client slows the model, not this process's memory; a closed
 * connection cancels the generation. {@code GET /internal/v1/ready} says whether this node can
 * answer (its database, embedder and generator probes), for the api nodes' balancing.
 *
 * <p>The proof is checked before the body is parsed; nothing in a refusal says why (the log does,
 * without the body).
 */
public final class QueryLinkServer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(QueryLinkServer.class);
  /** The largest request body: a question of {@link QueryProtocol#MAX_TEXT_CHARS} in UTF-8 and its fields. */
  static final int MAX_BODY_BYTES = QueryProtocol.MAX_TEXT_CHARS * 4 + 4096;
  /** The most a request may ask to run for. */
  static final long MAX_TIMEOUT_MS = 600_000;

  private final String host;
  private final QueryLinkSettings settings;
  private final LinkAuth auth;
  private final Supplier<Future<Void>> ready;
  private final Counter answered;
  private final Counter failed;
  private final Counter refused;
  private HttpServer server;
  private volatile boolean stopping;

  /** @param ready this node's readiness as its health endpoint computes it */
  public QueryLinkServer(String host, QueryLinkSettings settings, LinkAuth auth, Supplier<Future<Void>> ready,
      MeterRegistry registry) {
    this.host = Objects.requireNonNull(host, "host");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.ready = Objects.requireNonNull(ready, "ready");
    this.answered = counter(registry, "answered");
    this.failed = counter(registry, "failed");
    this.refused = counter(registry, "refused");
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("chartline.query.link.requests").tag("outcome", outcome)
        .description("Query link requests this query node took, by outcome (refused: no valid proof)")
        .register(registry);
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(settings.port())
        .setMaxInitialLineLength(1024).setMaxHeaderSize(8192).setIdleTimeout(0);
    if (settings.tlsCert() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCert().toString())
          .setKeyPath(settings.tlsKey().toString()));
    }
    return vertx.createHttpServer(options).requestHandler(this::handle).listen().onSuccess(s -> server = s);
  }

  /** Readiness turns down first, so api nodes stop choosing this node before it goes. */
  @Override
  public Future<?> stop() {
    stopping = true;
    return server == null ? Future.succeededFuture() : server.shutdown();
  }

  /** @return the bound port (after start) */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (req.method() == HttpMethod.GET && QueryLinkSettings.READY_PATH.equals(path)) {
      Future<Void> r = stopping ? Future.failedFuture("stopping") : ready.get(); // blocking-ok: Supplier of a Future
      r.onComplete(ar -> req.response().setStatusCode(ar.succeeded() ? 200 : 503)
          .putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", ar.succeeded() ? "UP" : "DOWN").encode()));
      return;
    }
    if (req.method() != HttpMethod.POST || !QueryLinkSettings.QUERY_PATH.equals(path)) {
      req.response().setStatusCode(404).end();
      return;
    }
    String length = req.getHeader("content-length");
    if (length != null && !fits(length)) {
      req.response().setStatusCode(413).putHeader("connection", "close").end();
      return;
    }
    Buffer body = Buffer.buffer();
    req.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BODY_BYTES) {
        req.response().setStatusCode(413).putHeader("connection", "close").end();
        req.connection().close();
      } else {
        body.appendBuffer(chunk);
      }
    });
    req.endHandler(v -> {
      if (!req.response().ended()) {
        onQuery(req, body);
      }
    });
  }

  private static boolean fits(String length) {
    try {
      return Long.parseLong(length) <= MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void onQuery(HttpServerRequest req, Buffer body) {
    HttpServerResponse response = req.response();
    if (!auth.verify(req.getHeader(LinkAuth.HEADER), "POST", QueryLinkSettings.QUERY_PATH, body.getBytes())) {
      LOG.warn("query link request refused: no valid proof [from: {}]", req.remoteAddress());
      refused.increment();
      response.setStatusCode(401).end();
      return;
    }
    if (stopping) {
      response.setStatusCode(503).end();
      return;
    }
    JsonObject request;
    long timeout;
    try {
      request = new JsonObject(body);
      timeout = request.getLong("timeout_ms", 30_000L);
      if (timeout < 1 || timeout > MAX_TIMEOUT_MS) {
        throw new IllegalArgumentException("timeout_ms out of range");
      }
    } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
      response.setStatusCode(400).end();
      return;
    }
    request.remove("timeout_ms");
    response.setChunked(true).putHeader("content-type", "application/x-ndjson");
    boolean streamed = request.containsKey("stream_to");
    MessageConsumer<JsonObject> pieces;
    String local = QueryProtocol.newStreamAddress();
    boolean[] done = {false};
    if (streamed) {
      request.put("stream_to", local);
      pieces = vertx.eventBus().localConsumer(local, piece -> onPiece(response, piece));
      response.closeHandler(v -> {
        if (!done[0]) {
          vertx.eventBus().send(QueryProtocol.cancelAddress(local), new JsonObject());
        }
      });
    } else {
      pieces = null;
    }
    Future<Void> registered = pieces == null ? Future.succeededFuture() : pieces.completion();
    registered.compose(v -> vertx.eventBus().<JsonObject>request(QueryProtocol.ADDRESS, request,
            new DeliveryOptions().setSendTimeout(timeout).setLocalOnly(true)))
        .onComplete(ar -> {
          done[0] = true;
          if (pieces != null) {
            pieces.unregister();
          }
          (ar.succeeded() ? answered : failed).increment();
          if (response.closed() || response.ended()) {
            return;
          }
          if (ar.succeeded()) {
            response.end(new JsonObject().put("reply", ar.result().body()).encode() + "\n");
          } else {
            response.end(failure(ar.cause()).encode() + "\n");
          }
        });
  }

  private static void onPiece(HttpServerResponse response, Message<JsonObject> piece) {
    String text = piece.body() == null ? null : piece.body().getString("text");
    if (text == null || response.closed() || response.ended()) {
      piece.fail(503, "the api node is gone");
      return;
    }
    response.write(new JsonObject().put("piece", text).encode() + "\n");
    if (response.writeQueueFull()) {
      response.drainHandler(v -> {
        response.drainHandler(null);
        piece.reply(null);
      });
    } else {
      piece.reply(null);
    }
  }

  private static JsonObject failure(Throwable t) {
    if (t instanceof ReplyException re && re.getMessage() != null && re.getMessage().contains("|")) {
      return new JsonObject().put("failure", new JsonObject().put("status", re.failureCode())
          .put("message", re.getMessage()));
    }
    boolean timeout = t instanceof ReplyException re && re.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT;
    ErrorCode code = timeout ? ErrorCode.TIMEOUT : ErrorCode.UNAVAILABLE;
    return new JsonObject().put("failure", new JsonObject().put("status", code.httpStatus())
        .put("message", QueryProtocol.failureMessage(code, timeout ? "query timed out" : "query service unavailable")));
  }
}
