package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.devtools.it.RawHttp.Answer;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input against a running node: deep and huge JSON, oversized headers and request lines,
 * wrong Content-Types, floods from one tenant and one user. Each gets a stable code without the
 * input echoed back, a flood throttles only its own tenant (or user), PHI responses carry the
 * security headers, and the node still ingests and answers afterwards.
 *
 * <p>The node runs with small rate limits (user: burst 5, tenant: burst 10, both 0.2/s), so each
 * test uses tenants and subjects of its own.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

  /** Put into every hostile body, so an echo in an error body would show. */
  static final String MARKER = "Quillfeather";
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    Settings settings = TestNode.isolatedSettings("hostile", Map.of(
        "CHARTLINE_RATE_TENANT_RPS", "0.2", "CHARTLINE_RATE_TENANT_BURST", "10",
        "CHARTLINE_RATE_USER_RPS", "0.2", "CHARTLINE_RATE_USER_BURST", "5"));
    node = TestNode.start(settings, EnumSet.allOf(Role.class), DevKeys.generate());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  static String token(String tenant, String subject, String... roles) {
    return node.keys().token(tenant, subject, List.of(roles), 3600, Clock.systemUTC());
  }

  /** A refusal with the given status and code, naming nothing from the request. */
  static void refused(Answer a, int status, String code) {
    assertThat(a.status()).as(code + ": " + a).isEqualTo(status);
    assertThat(a.code()).isEqualTo(code);
    assertThat(a.body()).doesNotContain(MARKER).doesNotContain("Exception").doesNotContain("at io.");
    assertSecurityHeaders(a);
  }

  static void assertSecurityHeaders(Answer a) {
    assertThat(a.header("Strict-Transport-Security")).as("HSTS on " + a.status()).startsWith("max-age=");
    assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(a.header("Cache-Control")).isEqualTo("no-store");
    assertThat(a.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(a.header("Content-Security-Policy")).contains("default-src 'none'");
  }

  @Test
  @Order(1)
  void deepNestingHugeStringsAndHugeBodiesGetStableCodes(Vertx vertx, VertxTestContext ctx) {
    RawHttp http = new RawHttp(vertx, node.port());
    String tenant = "it-hostile-json";
    String q = "{\"query\":";
    Map<String, String> bodies = new HashMap<>();
    bodies.put("deep, unterminated", q + "[".repeat(40_000) + "\"" + MARKER + "\"");
    bodies.put("deep, well-formed", q + "[".repeat(2_000) + "\"" + MARKER + "\"" + "]".repeat(2_000) + "}");
    bodies.put("long string", q + "\"" + (MARKER + " ").repeat(2_000) + "\"}");
    bodies.put("long field name", "{\"" + MARKER.repeat(1_000) + "\": 1}");
    bodies.put("long number", "{\"query\": \"x\", \"top_k\": 1" + "0".repeat(200) + "}");
    bodies.put("unknown field", "{\"query\": \"x\", \"" + MARKER + "\": true}");
    bodies.put("over the question limit", q + "\"" + (MARKER + " ").repeat(250) + "\"}");
    bodies.put("over the body limit", q + "\"" + "x".repeat(70_000) + MARKER + "\"}");
    Map<String, Future<Answer>> answers = new HashMap<>();
    int subject = 0;
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      answers.put(e.getKey(), http.json("/v1/search", token(tenant, "json-" + subject++, "clinician"), e.getValue()));
    }
    Future.join(new ArrayList<>(answers.values())).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      refused(answers.get("deep, unterminated").result(), 400, "JSON_LIMIT_EXCEEDED");
      refused(answers.get("deep, well-formed").result(), 400, "JSON_LIMIT_EXCEEDED");
      refused(answers.get("long string").result(), 400, "JSON_LIMIT_EXCEEDED");
      refused(answers.get("long field name").result(), 400, "JSON_LIMIT_EXCEEDED");
      refused(answers.get("long number").result(), 400, "JSON_LIMIT_EXCEEDED");
      refused(answers.get("unknown field").result(), 400, "UNKNOWN_FIELD");
      refused(answers.get("over the question limit").result(), 400, "INVALID_PARAMETER");
      refused(answers.get("over the body limit").result(), 413, "PAYLOAD_TOO_LARGE");
      ctx.completeNow();
    })));
  }

  @Test
  @Order(2)
  void oversizedHeadersAndRequestLinesAreRefusedBeforeAnyRoute(Vertx vertx, VertxTestContext ctx) {
    RawHttp http = new RawHttp(vertx, node.port());
    String token = token("it-hostile-headers", "headers", "clinician");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      many.put("X-Filler-" + i, MARKER);
    }
    Future<Answer> bigHeader = http.call(HttpMethod.GET, "/v1/documents", token,
        Map.of("X-Note", MARKER.repeat(2_000)), null);
    Future<Answer> manyHeaders = http.call(HttpMethod.GET, "/v1/documents", token, many, null);
    Future<Answer> longQuery = http.get("/v1/documents?status=" + MARKER.repeat(500), token);
    Future<Answer> longTitle = http.call(HttpMethod.POST, "/v1/documents?title=" + MARKER.repeat(500), token,
        Map.of("Content-Type", "text/plain"), Buffer.buffer("a short note"));
    Future.join(List.of(bigHeader, manyHeaders, longQuery, longTitle))
        .compose(v -> Future.all(http.get("/health", null), http.get("/v1/documents", token)))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          refused(bigHeader.result(), 431, "HEADERS_TOO_LARGE");
          refused(manyHeaders.result(), 431, "HEADERS_TOO_LARGE");
          refused(longQuery.result(), 414, "URI_TOO_LONG");
          refused(longTitle.result(), 414, "URI_TOO_LONG");
          assertThat(((Answer) after.resultAt(0)).status()).isEqualTo(200);
          assertThat(((Answer) after.resultAt(1)).status()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  @Order(3)
  void everyBodyCarryingRouteRefusesAWrongContentType(Vertx vertx, VertxTestContext ctx) {
    RawHttp http = new RawHttp(vertx, node.port());
    String tenant = "it-hostile-types";
    Buffer json = Buffer.buffer("{\"query\": \"" + MARKER + "\"}");
    Function<String, String> clinician = s -> token(tenant, s, "clinician");
    List<Future<Answer>> calls = List.of(
        http.call(HttpMethod.POST, "/v1/search", clinician.apply("t1"), Map.of("Content-Type", "text/plain"), json),
        http.call(HttpMethod.POST, "/v1/search", clinician.apply("t2"), Map.of(), json),
        http.call(HttpMethod.POST, "/v1/query", clinician.apply("t3"),
            Map.of("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("question=" + MARKER)),
        http.call(HttpMethod.POST, "/v1/documents", clinician.apply("t4"),
            Map.of("Content-Type", "application/json", "X-Document-Title", "t"), json),
        http.call(HttpMethod.POST, "/v1/documents", clinician.apply("t5"), Map.of("X-Document-Title", "t"), json),
        http.call(HttpMethod.POST, "/v1/admin/tenants/" + tenant + "/keys/rotate", token(tenant, "t6", "tenant_admin"),
            Map.of("Content-Type", "text/plain"), Buffer.buffer(MARKER)),
        // a body that is not JSON on the deletion route is refused before anything is deleted (the tenant
        // does not exist anyway)
        http.call(HttpMethod.DELETE, "/v1/admin/tenants/it-hostile-nobody", token("platform", "t7", "super_admin"),
            Map.of("Content-Type", "text/plain"), json));
    Future.join(new ArrayList<>(calls)).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      for (Future<Answer> f : calls) {
        refused(f.result(), 415, "UNSUPPORTED_MEDIA_TYPE");
      }
      ctx.completeNow();
    })));
  }

  @Test
  @Order(4)
  void aFloodingTenantGets429WithRetryAfterWhileAnotherTenantIsServed(Vertx vertx, VertxTestContext ctx) {
    RawHttp http = new RawHttp(vertx, node.port());
    String flood = "it-hostile-flood";
    String calm = "it-hostile-calm";
    List<Future<Answer>> burst = new ArrayList<>();
    // four users of one tenant, four requests each: no user exceeds its burst of 5, the tenant (10) does
    for (int u = 0; u < 4; u++) {
      String token = token(flood, "flood-" + u, "clinician");
      for (int i = 0; i < 4; i++) {
        burst.add(http.get("/v1/documents", token));
      }
    }
    Future<Answer> served = Future.join(new ArrayList<>(burst))
        .compose(v -> http.get("/v1/documents", token(calm, "calm", "clinician")));
    served.compose(v -> awaitRateLimitAudit(vertx, flood,
            burst.stream().filter(f -> f.result().status() == 429).count()))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          List<Answer> answers = burst.stream().map(Future::result).toList();
          List<Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
          // burst 10; refill (0.2/s) adds at most a token or two while the burst is in flight
          assertThat(answers).filteredOn(a -> a.status() == 200).hasSizeBetween(10, 12);
          assertThat(limited).hasSize(16 - (int) answers.stream().filter(a -> a.status() == 200).count())
              .hasSizeGreaterThanOrEqualTo(4);
          for (Answer a : limited) {
            refused(a, 429, "RATE_LIMITED");
            assertThat(Long.parseLong(a.header("Retry-After"))).isBetween(1L, 5L);
          }
          assertThat(served.result().status()).as("the other tenant").isEqualTo(200);
          assertThat(served.result().header("Retry-After")).isNull();
          assertThat(rows).hasSize(limited.size()).allSatisfy(r -> {
            assertThat(r.getString("tenant_id")).isEqualTo(flood);
            assertThat(r.getString("outcome")).isEqualTo("denied");
            assertThat(r.getString("reason_code")).isEqualTo("RATE_LIMITED");
            assertThat(r.getString("resource_id")).isEqualTo("GET /v1/documents");
          });
          ctx.completeNow();
        })));
  }

  @Test
  @Order(5)
  void aFloodingUserGets429WhileColleaguesOfTheSameTenantAreServed(Vertx vertx, VertxTestContext ctx) {
    RawHttp http = new RawHttp(vertx, node.port());
    String tenant = "it-hostile-solo";
    String alice = token(tenant, "alice", "clinician");
    List<Future<Answer>> burst = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      burst.add(http.get("/v1/documents", alice));
    }
    Future<Answer> bob = Future.join(new ArrayList<>(burst))
        .compose(v -> http.get("/v1/documents", token(tenant, "bob", "clinician")));
    bob.onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      List<Answer> answers = burst.stream().map(Future::result).toList();
      assertThat(answers).filteredOn(a -> a.status() == 200).hasSizeBetween(5, 7);
      List<Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
      assertThat(limited).hasSize(9 - (int) answers.stream().filter(a -> a.status() == 200).count())
          .hasSizeGreaterThanOrEqualTo(2);
      limited.forEach(a -> refused(a, 429, "RATE_LIMITED"));
      assertThat(bob.result().status()).isEqualTo(200);
      ctx.completeNow();
    })));
  }

  @Test
  @Order(6)
  void phiResponsesCarryTheSecurityHeaders(Vertx vertx, VertxTestContext ctx) {
    RawHttp http = new RawHttp(vertx, node.port());
    String token = token("it-hostile-phi", "phi", "clinician");
    http.call(HttpMethod.POST, "/v1/documents", token, Map.of("Content-Type", "text/plain",
            "X-Document-Title", "Synthetic%20note"), Buffer.buffer(Texts.note(3, 4).getBytes(StandardCharsets.UTF_8)))
        .compose(upload -> {
          String id = new JsonObject(upload.body()).getString("id");
          return Future.all(Future.succeededFuture(upload), http.get("/v1/documents/" + id, token),
              http.get("/v1/documents", token), http.json("/v1/search", token, "{\"query\": \"blood pressure\"}"));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          int[] expected = {202, 200, 200, 200};
          for (int i = 0; i < expected.length; i++) {
            Answer a = all.resultAt(i);
            assertThat(a.status()).as(a.toString()).isEqualTo(expected[i]);
            assertSecurityHeaders(a);
          }
          assertThat(((Answer) all.resultAt(1)).body()).contains("Synthetic note");
          ctx.completeNow();
        })));
  }

  @Test
  @Order(100)
  void theNodeStillIngestsAndAnswersAfterwards(Vertx vertx, VertxTestContext ctx) throws Exception {
    RawHttp http = new RawHttp(vertx, node.port());
    String tenant = "it-hostile-after";
    String token = token(tenant, "after", "clinician");
    String note = "The patient developed acute gout in the left great toe after a seafood banquet. "
        + Texts.note(11, 6);
    Answer upload = http.call(HttpMethod.POST, "/v1/documents", token,
            Map.of("Content-Type", "text/plain", "X-Document-Title", "after"), Buffer.buffer(note))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
    // poll the database, not the API: this node's rate limits are deliberately small
    new ApiClient(vertx, node.port()).poll(() -> vertx.executeBlocking(() -> Db.chunkCount(node, tenant)),
            n -> n > 0, 120_000)
        .compose(n -> http.json("/v1/search", token, "{\"query\": \"gout in the great toe\", \"top_k\": 1}"))
        .onComplete(ctx.succeeding(search -> ctx.verify(() -> {
          assertThat(search.status()).as(search.toString()).isEqualTo(200);
          JsonArray results = new JsonObject(search.body()).getJsonArray("results");
          assertThat(results).hasSize(1);
          assertThat(results.getJsonObject(0).getString("document_id"))
              .isEqualTo(new JsonObject(upload.body()).getString("id"));
          ctx.completeNow();
        })));
  }

  /** Polls audit_log (as the superuser, across tenants) until {@code tenant} has at least {@code atLeast} rate-limit rows. */
  static Future<List<Row>> awaitRateLimitAudit(Vertx vertx, String tenant, long atLeast) {
    return new ApiClient(vertx, node.port()).poll(() -> {
      Pool admin = Superuser.pool(node.node().vertx(), node.config().db());
      return admin.query("SELECT tenant_id, outcome, reason_code, resource_id FROM audit_log "
              + "WHERE action = 'api.rate_limit'").execute()
          .map(rs -> {
            List<Row> rows = new ArrayList<>();
            rs.forEach(rows::add);
            return rows;
          })
          .eventually(admin::close);
    }, rows -> rows.stream().filter(r -> tenant.equals(r.getString("tenant_id"))).count() >= atLeast, 60_000);
  }
}
