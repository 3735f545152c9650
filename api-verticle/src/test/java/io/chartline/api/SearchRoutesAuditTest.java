package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.audit.AuditSink;
import io.chartline.common.auth.Principal;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.query.QueryProtocol;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit event of a search is made durable while retrieval runs, and no passage leaves before
 * it is: a failed emit means 503 without data, a slow emit holds the response, a failed retrieval
 * adds a failure event.
 */
class SearchRoutesAuditTest {

  private static final String SECRET_PASSAGE = "passage text that must not leak";

  private Vertx vertx;
  private HttpServer server;
  // held for the test's lifetime: Vert.x closes an unreachable client's pool when it is collected
  private HttpClient client;
  private final List<AuditEvent> emitted = new CopyOnWriteArrayList<>();
  private volatile Function<AuditEvent, Future<Void>> sinkBehaviour = e -> Future.succeededFuture();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    AuditSink sink = event -> {
      emitted.add(event);
      return sinkBehaviour.apply(event);
    };
    SearchRoutes routes = new SearchRoutes(ApiConfig.defaults("127.0.0.1", 0), vertx.eventBus(),
        new Auditor(sink, Clock.systemUTC()));
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      RequestIds.assign(ctx);
      ctx.put(AuthHandler.KEY, new Principal(new TenantId("tenant-a"), "user-1", List.of("clinician")));
      ctx.next();
    });
    router.route().handler(BodyHandler.create());
    router.post("/v1/search").handler(routes::search);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void answerQueries() {
    vertx.eventBus().<JsonObject>consumer(QueryProtocol.ADDRESS, m -> m.reply(new JsonObject()
        .put("results", new JsonArray().add(new JsonObject().put("text", SECRET_PASSAGE)))));
  }

  private Response search() throws Exception {
    return client
        .request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(server.actualPort())
            .setURI("/v1/search").putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(Buffer.buffer("{\"query\":\"chest pain\"}")))
        .compose(resp -> resp.body().map(body -> new Response(resp, body.toString())))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private record Response(HttpClientResponse http, String body) {
  }

  @Test
  void anAuditEventThatCannotBeMadeDurableWithholdsThePassages() throws Exception {
    answerQueries();
    sinkBehaviour = e -> Future.failedFuture(new IllegalStateException("broker down"));

    Response r = search();

    assertThat(r.http().statusCode()).isEqualTo(503);
    assertThat(r.body()).contains(ErrorCode.UNAVAILABLE.name()).doesNotContain(SECRET_PASSAGE);
  }

  @Test
  void theResponseWaitsForASlowAuditAcknowledgement() throws Exception {
    answerQueries();
    AtomicBoolean acknowledged = new AtomicBoolean();
    sinkBehaviour = e -> {
      Promise<Void> ack = Promise.promise();
      vertx.setTimer(300, id -> {
        acknowledged.set(true);
        ack.complete();
      });
      return ack.future();
    };

    Response r = search();

    assertThat(acknowledged).isTrue();
    assertThat(r.http().statusCode()).isEqualTo(200);
    assertThat(r.body()).contains(SECRET_PASSAGE);
    assertThat(emitted).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("search");
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(e.tenantId()).isEqualTo("tenant-a");
    });
  }

  @Test
  void aFailedRetrievalIsRecordedAsAFailureWithTheSameRequestId() throws Exception {
    vertx.eventBus().<JsonObject>consumer(QueryProtocol.ADDRESS,
        m -> m.fail(503, QueryProtocol.failureMessage(ErrorCode.UNAVAILABLE, "database unavailable")));

    Response r = search();

    assertThat(r.http().statusCode()).isEqualTo(503);
    assertThat(emitted).extracting(AuditEvent::outcome).containsExactly(Outcome.SUCCESS, Outcome.FAILURE);
    assertThat(emitted.get(1).reasonCode()).isEqualTo(ErrorCode.UNAVAILABLE.name());
    assertThat(emitted.get(1).requestId()).isEqualTo(emitted.get(0).requestId()).isNotNull();
  }
}
