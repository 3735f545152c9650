package io.chartline.query;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.query.QueryProtocol;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
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
    try {
      scope = QueryProtocol.scope(body);
      text = Objects.requireNonNull(body.getString("text"));
      topK = body.getInteger("top_k");
    } catch (RuntimeException e) {
      msg.fail(400, QueryProtocol.failureMessage(ErrorCode.INVALID_REQUEST, "malformed query request"));
      return;
    }
    Future<JsonObject> result = QueryProtocol.MODE_QUERY.equals(body.getString("mode"))
        ? service.query(scope, text, topK) : service.search(scope, text, topK);
    TenantId tenant = scope.tenant();
    result.onSuccess(msg::reply).onFailure(t -> {
      ChartlineException e = ChartlineException.wrap(t, tenant);
      LOG.warn("query failed [tenant: {}, request: {}, code: {}, error: {}]", tenant, body.getString("request_id"),
          e.code(), t.getClass().getSimpleName());
      msg.fail(e.code().httpStatus(), QueryProtocol.failureMessage(e.code(), e.getMessage()));
    });
  }
}
