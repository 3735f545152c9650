package io.chartline.api;

import io.chartline.common.auth.Principal;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.query.QueryProtocol;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /v1/search} and {@code POST /v1/query}: validated strictly, sent to the query role
 * over the event bus with the caller's verified tenant. The access event is emitted as retrieval
 * starts and is durable before any passage is returned. A query sent with
 * {@code Accept: text/event-stream} gets its answer as server-sent events ({@link AnswerStream}).
 */
public final class SearchRoutes {

  private static final String TOP_K = "top_k";
  /** The fields a {@code POST /v1/search} body may have. */
  static final Set<String> SEARCH_FIELDS = Set.of("query", TOP_K);
  /** The fields a {@code POST /v1/query} body may have. */
  static final Set<String> QUERY_FIELDS = Set.of("question", TOP_K);

  private final ApiConfig config;
  private final EventBus bus;
  private final Auditor auditor;
  private final AnswerStream answers;

  public SearchRoutes(ApiConfig config, EventBus bus, Auditor auditor) {
    this(config, bus, auditor, AnswerStream.Settings.defaults());
  }

  /** @param streams how answers asked for as {@code text/event-stream} are streamed */
  public SearchRoutes(ApiConfig config, EventBus bus, Auditor auditor, AnswerStream.Settings streams) {
    this.config = Objects.requireNonNull(config, "config");
    this.bus = Objects.requireNonNull(bus, "bus");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.answers = new AnswerStream(bus, auditor, streams);
  }

  public void search(RoutingContext ctx) {
    handle(ctx, QueryProtocol.MODE_SEARCH, "query", "search");
  }

  public void query(RoutingContext ctx) {
    handle(ctx, QueryProtocol.MODE_QUERY, "question", "query");
  }

  /**
   * The value rules of a search or query body. Its shape (content type, a JSON object of the
   * {@link #SEARCH_FIELDS} or {@link #QUERY_FIELDS} only, JSON limits, text rules) is checked once,
   * by the route's guards in {@link ApiVerticle}, before this runs.
   */
  private void handle(RoutingContext ctx, String mode, String textField, String action) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ApiErrors.send(ctx, ErrorCode.INVALID_JSON, "body is not a JSON object");
      return;
    }
    if (body == null) {
      ApiErrors.send(ctx, ErrorCode.INVALID_JSON, "body is not a JSON object");
      return;
    }
    Object text = body.getValue(textField);
    if (!(text instanceof String s) || s.isBlank() || s.length() > config.maxQueryChars()) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "'" + textField + "' must be a non-empty string of at most "
          + config.maxQueryChars() + " characters");
      return;
    }
    Object k = body.getValue(TOP_K, config.defaultTopK());
    if (!(k instanceof Integer || k instanceof Long) || ((Number) k).longValue() < 1
        || ((Number) k).longValue() > config.maxTopK()) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "'top_k' must be an integer between 1 and "
          + config.maxTopK());
      return;
    }
    if (QueryProtocol.MODE_QUERY.equals(mode) && AnswerStream.wanted(ctx)) {
      answers.start(ctx, AuthHandler.scope(ctx), s, ((Number) k).intValue(), action);
      return;
    }
    Principal p = AuthHandler.principal(ctx);
    JsonObject request = QueryProtocol.request(AuthHandler.scope(ctx), mode, s, ((Number) k).intValue(), RequestIds.of(ctx));
    // The access event is made durable while retrieval runs; the response waits for both. When
    // retrieval fails after access was recorded, a failure event with the same request id follows.
    Future<Void> audited = auditor.record(ctx, action, "tenant", p.tenant().value(), Outcome.SUCCESS, null);
    Future<Message<JsonObject>> retrieved = bus.request(QueryProtocol.ADDRESS, request,
        new DeliveryOptions().setSendTimeout(config.queryTimeout().toMillis()));
    Future.join(audited, retrieved).onComplete(done -> {
      if (retrieved.failed()) {
        ChartlineException e = QueryProtocol.fromReply(retrieved.cause(), p.tenant());
        auditor.record(ctx, action, "tenant", p.tenant().value(), Outcome.FAILURE, e.code().name());
        ApiErrors.send(ctx, e.code(), e.getMessage());
      } else if (audited.failed()) {
        ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "audit unavailable; no data returned");
      } else {
        ctx.response().putHeader("content-type", "application/json")
            .end(retrieved.result().body().put("request_id", RequestIds.of(ctx)).encode());
      }
    });
  }
}
