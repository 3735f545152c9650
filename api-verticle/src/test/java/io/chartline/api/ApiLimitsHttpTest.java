package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.auth.Principal;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limit handlers behind a real HTTP server: decoder limits answer with the API's error body,
 * rate limits answer 429 with Retry-After and an audit event, deadlines answer 504, Content-Type and
 * JSON shape are checked before a route runs, and every answer carries the security headers.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ApiLimitsHttpTest {

  private static final String PASSAGE = "route answered";
  private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    RequestLimits limits = new RequestLimits(4096, 20, 512, 4, 64, 1000, Duration.ofMillis(300),
        Duration.ofSeconds(10));
    ApiConfig config = new ApiConfig("127.0.0.1", 0, 1024, 2048, 50, 5, 100, 64, Duration.ofMillis(100),
        Set.of("text/plain"), limits, new RateLimits(1, 3, 0, 1, 100),
        new ClientDeadlines(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 4096,
            Duration.ofSeconds(20)),
        SourceLimits.defaults());
    Auditor auditor = new Auditor(e -> {
      audited.add(e);
      return Future.succeededFuture();
    }, Clock.systemUTC());
    RateLimitHandler rateLimit = new RateLimitHandler(new CallerRateLimits(config.rates(), Clock.systemUTC()), auditor);
    RequestDeadline deadline = new RequestDeadline(limits.requestTimeout());
    Router r = Router.router(vertx);
    r.route().handler(c -> {
      RequestIds.assign(c);
      SecurityHeaders.apply(c.response());
      c.next();
    });
    r.route().handler(HttpLimits.headerCount(limits.maxHeaderCount()));
    // stands in for token verification: the tenant is whatever the test says
    r.route("/v1/*").handler(c -> {
      c.put(AuthHandler.KEY, new Principal(new TenantId(c.request().getHeader("X-Test-Tenant")), "user-1",
          List.of("clinician")));
      c.next();
    }).handler(rateLimit);
    r.post("/v1/search").handler(ContentTypes.require("application/json"));
    r.post("/v1/search").handler(BodyHandler.create(false).setBodyLimit(config.maxJsonBytes()))
        .handler(new JsonLimits(limits).objectWithFields(Set.of("query", "top_k"))).handler(deadline)
        .handler(c -> c.response().putHeader("content-type", "application/json")
            .end(new JsonObject().put("text", PASSAGE).encode()));
    r.get("/v1/stuck").handler(deadline).handler(c -> {
      // never answers
    });
    r.post("/v1/rotate").handler(ContentTypes.noBody()).handler(c -> c.response().end("{}"));
    r.errorHandler(413, c -> ApiErrors.send(c, io.chartline.common.error.ErrorCode.PAYLOAD_TOO_LARGE, "too large"));
    vertx.createHttpServer(HttpLimits.serverOptions(config)).invalidRequestHandler(HttpLimits::refuseInvalid)
        .requestHandler(r).listen()
        .onComplete(ctx.succeeding(s -> {
          port = s.actualPort();
          client = vertx.createHttpClient();
          ctx.completeNow();
        }));
  }

  record Answer(int status, Map<String, String> headers, String body) {
    String code() {
      return new JsonObject(body).getJsonObject("error").getString("code");
    }
  }

  private Future<Answer> call(HttpMethod method, String uri, String tenant, Map<String, String> headers, String body) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (tenant != null) {
      o.putHeader("X-Test-Tenant", tenant);
    }
    headers.forEach(o::putHeader);
    return client.request(o)
        .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), headersOf(resp), b.toString())));
  }

  private static Map<String, String> headersOf(HttpClientResponse resp) {
    Map<String, String> out = new java.util.HashMap<>();
    resp.headers().forEach(e -> out.put(e.getKey().toLowerCase(), e.getValue()));
    return out;
  }

  private Future<Answer> search(String tenant, String json) {
    return call(HttpMethod.POST, "/v1/search", tenant, Map.of("Content-Type", "application/json"), json);
  }

  static void assertSecurityHeaders(Answer a) {
    assertThat(a.headers()).containsEntry("strict-transport-security", SecurityHeaders.HSTS)
        .containsEntry("x-content-type-options", "nosniff").containsEntry("x-frame-options", "DENY")
        .containsEntry("cache-control", "no-store").containsEntry("referrer-policy", "no-referrer")
        .containsEntry("content-security-policy", SecurityHeaders.CSP);
  }

  @Test
  void aTenantOverItsRateGets429WithRetryAfterAndAnAuditEventWhileAnotherTenantIsServed(VertxTestContext ctx) {
    List<Future<Answer>> burst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      burst.add(search("tenant-a", "{\"query\":\"x\"}"));
    }
    Future.join(new ArrayList<>(burst))
        .compose(v -> search("tenant-b", "{\"query\":\"x\"}"))
        .onComplete(ctx.succeeding(other -> ctx.verify(() -> {
          List<Answer> answers = burst.stream().map(Future::result).toList();
          assertThat(answers).filteredOn(a -> a.status() == 200).hasSize(3);
          List<Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
          assertThat(limited).hasSize(2).allSatisfy(a -> {
            assertThat(a.code()).isEqualTo("RATE_LIMITED");
            assertThat(Long.parseLong(a.headers().get("retry-after"))).isBetween(1L, 2L);
            assertSecurityHeaders(a);
          });
          assertThat(other.status()).isEqualTo(200);
          assertThat(audited).hasSize(2).allSatisfy(e -> {
            assertThat(e.tenantId()).isEqualTo("tenant-a");
            assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
            assertThat(e.reasonCode()).isEqualTo("RATE_LIMITED");
            assertThat(e.resourceId()).isEqualTo("POST /v1/search");
          });
          ctx.completeNow();
        })));
  }

  @Test
  void aRouteThatDoesNotAnswerInTimeGets504(VertxTestContext ctx) {
    call(HttpMethod.GET, "/v1/stuck", "tenant-c", Map.of(), null).onComplete(ctx.succeeding(a -> ctx.verify(() -> {
      assertThat(a.status()).isEqualTo(504);
      assertThat(a.code()).isEqualTo("TIMEOUT");
      assertSecurityHeaders(a);
      ctx.completeNow();
    })));
  }

  @Test
  void decoderLimitsAnswerWithTheApiErrorBody(VertxTestContext ctx) {
    Future<Answer> bigHeader = call(HttpMethod.GET, "/health", null, Map.of("X-Filler", "f".repeat(8000)), null);
    Future<Answer> longLine = call(HttpMethod.GET, "/health?q=" + "q".repeat(1000), null, Map.of(), null);
    Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i < 30; i++) {
      many.put("X-Many-" + i, "v");
    }
    Future<Answer> manyHeaders = call(HttpMethod.GET, "/health", null, many, null);
    Future.join(bigHeader, longLine, manyHeaders).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(bigHeader.result().status()).isEqualTo(431);
      assertThat(bigHeader.result().code()).isEqualTo("HEADERS_TOO_LARGE");
      assertSecurityHeaders(bigHeader.result());
      assertThat(longLine.result().status()).isEqualTo(414);
      assertThat(longLine.result().code()).isEqualTo("URI_TOO_LONG");
      assertThat(longLine.result().body()).doesNotContain("qqqq");
      assertThat(manyHeaders.result().status()).isEqualTo(431);
      assertThat(manyHeaders.result().code()).isEqualTo("HEADERS_TOO_LARGE");
      ctx.completeNow();
    })));
  }

  @Test
  void bodiesAreCheckedForTypeSizeAndShapeBeforeTheRouteRuns(VertxTestContext ctx) {
    String secret = "Zebediah Quarrington";
    Future<Answer> wrongType = call(HttpMethod.POST, "/v1/search", "tenant-d", Map.of("Content-Type", "text/plain"),
        "{\"query\":\"x\"}");
    Future<Answer> deep = search("tenant-e", "{\"query\":" + "[".repeat(500) + "]".repeat(500) + "}");
    Future<Answer> longString = search("tenant-f", "{\"query\":\"" + secret.repeat(10) + "\"}");
    Future<Answer> unknownField = search("tenant-g", "{\"" + secret.replace(' ', '_') + "\":\"x\"}");
    Future<Answer> tooBig = search("tenant-h", "{\"query\":\"" + "x".repeat(4096) + "\"}");
    Future<Answer> bodyOnNoBodyRoute = call(HttpMethod.POST, "/v1/rotate", "tenant-i",
        Map.of("Content-Type", "application/json"), "{\"reason\":\"" + secret + "\"}");
    Future.join(List.of(wrongType, deep, longString, unknownField, tooBig, bodyOnNoBodyRoute))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(wrongType.result().status()).isEqualTo(415);
          assertThat(wrongType.result().code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
          assertThat(deep.result().status()).isEqualTo(400);
          assertThat(deep.result().code()).isEqualTo("JSON_LIMIT_EXCEEDED");
          assertThat(longString.result().code()).isEqualTo("JSON_LIMIT_EXCEEDED");
          assertThat(unknownField.result().code()).isEqualTo("UNKNOWN_FIELD");
          assertThat(tooBig.result().status()).isEqualTo(413);
          assertThat(bodyOnNoBodyRoute.result().status()).isEqualTo(415);
          for (Future<Answer> f : List.of(wrongType, deep, longString, unknownField, tooBig, bodyOnNoBodyRoute)) {
            assertThat(f.result().body()).doesNotContain("Zebediah").doesNotContain(PASSAGE);
            assertSecurityHeaders(f.result());
          }
          ctx.completeNow();
        })));
  }
}
