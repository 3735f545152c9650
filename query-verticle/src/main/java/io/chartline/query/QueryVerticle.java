package io.chartline.query;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.query.QueryProtocol;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@value QueryProtocol#ADDRESS} on the event bus: tenant-scoped search and cited answers. */
public final class QueryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(QueryVerticle.class);

  /** How long a piece may wait for the client when the request names no bound. */
  static final long DEFAULT_PIECE_TIMEOUT_MS = 30_000;

  private final Function<io.vertx.core.Vertx, QueryService> services;
  private MessageConsumer<JsonObject> consumer;
  private QueryService service;

  /** @param services builds the service on this verticle's context (its embedder batches per context) */
  public QueryVerticle(Function<io.vertx.core.Vertx, QueryService> services) {
    this.services = Objects.requireNonNull(services, "services");
  }

  @Override
  public Future<?> start() {
    service = services.apply(vertx);
    consumer = vertx.eventBus().consumer(QueryProtocol.ADDRESS, this::onRequest);
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onRequest(Message<JsonObject> msg) {
    JsonObject body = msg.body();
    DataScope scope;
    String text;
    int topK;
    String streamTo;
    long pieceTimeoutMs;
    try {
      scope = QueryProtocol.scope(body);
      text = QueryProtocol.text(body);
      topK = QueryProtocol.topK(body);
      streamTo = QueryProtocol.streamTo(body);
      if (streamTo != null && !QueryProtocol.MODE_QUERY.equals(body.getString("mode"))) {
        throw new IllegalArgumentException("only queries stream");
      }
      pieceTimeoutMs = body.getLong("piece_timeout_ms", DEFAULT_PIECE_TIMEOUT_MS);
      if (pieceTimeoutMs < 1 || pieceTimeoutMs > 600_000) {
        throw new IllegalArgumentException("piece_timeout_ms out of range");
      }
    } catch (RuntimeException e) {
      msg.fail(400, QueryProtocol.failureMessage(ErrorCode.INVALID_REQUEST, "malformed query request"));
      return;
    }
    Future<JsonObject> result;
    if (streamTo != null) {
      result = stream(scope, text, topK, streamTo, pieceTimeoutMs);
    } else {
      result = QueryProtocol.MODE_QUERY.equals(body.getString("mode"))
          ? service.query(scope, text, topK) : service.search(scope, text, topK);
    }
    TenantId tenant = scope.tenant();
    result.onSuccess(msg::reply).onFailure(t -> {
      ChartlineException e = ChartlineException.wrap(t, tenant);
      LOG.warn("query failed [tenant: {}, request: {}, code: {}, error: {}]", tenant, body.getString("request_id"),
          e.code(), t.getClass().getSimpleName());
      msg.fail(e.code().httpStatus(), QueryProtocol.failureMessage(e.code(), e.getMessage()));
    });
  }

  /**
   * Each piece goes to {@code streamTo} as a request; the next is taken from the generator only once
   * the API replied (it replies when the client's connection has room). A failed or unanswered
   * piece (the client went away) and a message on the cancel address stop the generation.
   */
  private Future<JsonObject> stream(DataScope scope, String text, int topK, String streamTo, long pieceTimeoutMs) {
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(pieceTimeoutMs);
    QueryService.Streamed[] streamed = new QueryService.Streamed[1];
    MessageConsumer<Object> cancel = vertx.eventBus().consumer(QueryProtocol.cancelAddress(streamTo), m -> {
      if (streamed[0] != null) {
        streamed[0].cancel();
      }
    });
    streamed[0] = service.stream(scope, text, topK, piece -> vertx.eventBus()
        .request(streamTo, new JsonObject().put("text", piece), delivery)
        .<Void>mapEmpty()
        .onFailure(t -> streamed[0].cancel()));
    return streamed[0].reply().onComplete(done -> cancel.unregister());
  }
}
