package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.jwt.DevKeys;
import io.chartline.jwt.JwksKeySource;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Node;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node whose keys come from an OIDC issuer served over HTTP by the test (discovery document and
 * JWKS): keys added by a rotation are picked up on the first token that names them, keys removed
 * stop verifying after the next refresh, and a flood of made-up key ids costs at most two fetches.
 * Background refresh is set to an hour so every fetch seen here is caused by a token.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
class JwksRotationIT {

  static final String TENANT = "it-jwks";
  static final long MIN_REFRESH_MS = 3_000;
  static final DevKeys OLD = DevKeys.generate();
  static final DevKeys NEW = DevKeys.generate();
  static final AtomicReference<JsonObject> PUBLISHED = new AtomicReference<>();
  static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
  static final AtomicInteger DISCOVERY_FETCHES = new AtomicInteger();
  static Vertx idpVertx;
  static String issuer;
  static Node node;
  static AppConfig config;

  @BeforeAll
  static void start() throws Exception {
    idpVertx = Vertx.vertx();
    PUBLISHED.set(jwks(OLD));
    AtomicReference<String> self = new AtomicReference<>();
    HttpServer idp = idpVertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/.well-known/openid-configuration" -> {
          DISCOVERY_FETCHES.incrementAndGet();
          req.response().end(new JsonObject().put("issuer", self.get()).put("jwks_uri", self.get() + "/jwks").encode());
        }
        case "/jwks" -> {
          JWKS_FETCHES.incrementAndGet();
          req.response().putHeader("content-type", "application/json").end(PUBLISHED.get().encode());
        }
        case "/empty-jwks" -> req.response().end(new JsonObject().put("keys", new JsonArray()).encode());
        default -> req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    issuer = "http://127.0.0.1:" + idp.actualPort();
    self.set(issuer);
    Settings settings = TestNode.isolatedSettings("jwks", Map.of("CHARTLINE_AUTH_ISSUER", issuer,
        "CHARTLINE_AUTH_JWKS_REFRESH", "1h", "CHARTLINE_AUTH_JWKS_MIN_REFRESH", MIN_REFRESH_MS + "ms"));
    config = AppConfig.from(settings, EnumSet.of(Role.API, Role.AUDIT));
    node = startNode(config);
  }

  static Node startNode(AppConfig c) throws Exception {
    return Node.start(c, vertx -> JwksKeySource.open(vertx, c.jwks(), Clock.systemUTC()), Clock.systemUTC())
        .toCompletionStage().toCompletableFuture().get(3, TimeUnit.MINUTES);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
    if (idpVertx != null) {
      idpVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static JsonObject jwks(DevKeys... keys) {
    JsonArray arr = new JsonArray();
    for (DevKeys k : keys) {
      arr.addAll(k.keySet().toJwks().getJsonArray("keys"));
    }
    return new JsonObject().put("keys", arr);
  }

  static String token(DevKeys keys, String kid) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = new JsonObject().put("iss", issuer).put("aud", DevKeys.AUDIENCE).put("sub", "it-user")
        .put("tenant_id", TENANT).put("roles", new JsonArray().add("clinician")).put("iat", now).put("exp", now + 600);
    return keys.signer().sign(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid), claims);
  }

  static Future<HttpResponse<Buffer>> get(WebClient web, String token, String requestId) {
    return web.get("/v1/documents").putHeader("Authorization", "Bearer " + token)
        .putHeader("X-Request-Id", requestId).send();
  }

  static String requestId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Future<Void> delay(Vertx vertx, long ms) {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, id -> p.complete());
    return p.future();
  }

  /** Rotation end to end: discovery at startup, new key picked up on demand, old key retired, flood bounded. */
  @Test
  void followsTheIssuersKeyRotationWithBoundedFetches(Vertx vertx, VertxTestContext ctx) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.apiPort()), new PoolOptions().setHttp1MaxSize(32));
    WebClient retired = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.apiPort()).setLocalAddress("127.0.0.8"));
    ApiClient poller = new ApiClient(vertx, node.apiPort());
    assertThat(DISCOVERY_FETCHES).as("discovery read once at startup").hasValue(1);
    assertThat(JWKS_FETCHES).as("JWKS read once at startup").hasValue(1);
    AtomicInteger beforeRetire = new AtomicInteger();
    AtomicReference<String> lastOldRequest = new AtomicReference<>();

    get(web, token(OLD, OLD.kid()), requestId("old"))
        .compose(r -> {
          ctx.verify(() -> assertThat(r.statusCode()).as("old key verifies").isEqualTo(200));
          PUBLISHED.set(jwks(OLD, NEW));
          // the new kid is unknown to the node: its first use (or, inside the minimum interval, a later one) refreshes
          return poller.poll(() -> get(web, token(NEW, NEW.kid()), requestId("new")).map(HttpResponse::statusCode),
              status -> status == 200, 20_000);
        })
        .compose(ok -> {
          ctx.verify(() -> assertThat(JWKS_FETCHES.get()).as("new key fetched on demand").isBetween(2, 3));
          PUBLISHED.set(jwks(NEW));
          beforeRetire.set(JWKS_FETCHES.get());
          return get(web, token(OLD, OLD.kid()), requestId("old-cached"));
        })
        .compose(cached -> {
          ctx.verify(() -> {
            assertThat(cached.statusCode()).as("removed key still cached until the next refresh").isEqualTo(200);
            assertThat(JWKS_FETCHES.get()).as("known keys never fetch").isEqualTo(beforeRetire.get());
          });
          // an unknown kid causes the next refresh; after it the removed key no longer verifies
          return poller.poll(() -> get(web, token(NEW, "rotation-probe"), requestId("probe"))
                  .compose(probe -> {
                    lastOldRequest.set(requestId("old-retired"));
                    // from its own address: the probe's failure came first from this one, and repeated
                    // failures from one source are audited in aggregate, not row by row
                    return get(retired, token(OLD, OLD.kid()), lastOldRequest.get());
                  })
                  .map(HttpResponse::statusCode),
              status -> status == 401, 20_000);
        })
        .compose(refused -> AuditRows.awaitAll(poller, node, config, List.of(lastOldRequest.get()), 30_000))
        .compose(rows -> {
          ctx.verify(() -> assertThat(rows.get(lastOldRequest.get()).reason()).isEqualTo("UNKNOWN_KEY"));
          return delay(vertx, MIN_REFRESH_MS + 500);
        })
        .compose(waited -> flood(vertx, web, poller))
        .compose(flooded -> get(web, token(NEW, NEW.kid()), requestId("after-flood")))
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertThat(after.statusCode()).as("valid token after the flood").isEqualTo(200);
          ctx.completeNow();
        })));
  }

  /**
   * 200 tokens with made-up kids at once: all refused (401 until the source's budget for failed
   * authentication is spent, 429 after it), at most two JWKS fetches between them, and no audit row
   * per request: repeated failures from one source are audited in aggregate.
   */
  private static Future<Void> flood(Vertx vertx, WebClient web, ApiClient poller) {
    int before = JWKS_FETCHES.get();
    List<String> ids = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String id = requestId("flood-" + i);
      ids.add(id);
      calls.add(get(web, token(NEW, UUID.randomUUID().toString()), id));
    }
    String marker = requestId("marker");
    return Future.all(calls)
        .compose(all -> {
          int fetches = JWKS_FETCHES.get() - before;
          for (Future<HttpResponse<Buffer>> call : calls) {
            assertThat(call.result().statusCode()).isIn(401, 429);
          }
          assertThat(calls).anyMatch(c -> c.result().statusCode() == 401);
          assertThat(fetches).as("JWKS fetches caused by 200 unknown kids").isBetween(1, 2);
          // a failure from another source, audited on its own after every flood event was emitted
          WebClient other = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
              .setDefaultPort(node.apiPort()).setLocalAddress("127.0.0.9"));
          return get(other, "not-a-token", marker)
              .compose(r -> AuditRows.awaitAll(poller, node, config, List.of(marker), 30_000))
              .compose(m -> AuditRows.byRequest(node, config, ids));
        })
        .map(rows -> {
          assertThat(rows.values()).as("flood requests audited one by one").hasSizeLessThanOrEqualTo(2)
              .allMatch(r -> "UNKNOWN_KEY".equals(r.reason()) || "RATE_LIMITED".equals(r.reason()));
          return null;
        });
  }

  /** Without a usable key from the issuer the api role does not start, and the message names the setting. */
  @Test
  void refusesToStartWithoutAUsableKeyFromTheIssuer() throws Exception {
    Settings base = TestNode.isolatedSettings("jwksfail", Map.of("CHARTLINE_AUTH_ISSUER", issuer,
        "CHARTLINE_AUTH_JWKS_TIMEOUT", "2s"));
    AppConfig empty = AppConfig.from(base.with("CHARTLINE_AUTH_JWKS_URL", issuer + "/empty-jwks"),
        EnumSet.of(Role.API));
    AppConfig missing = AppConfig.from(base.with("CHARTLINE_AUTH_JWKS_URL", issuer + "/no-such-document"),
        EnumSet.of(Role.API));
    AppConfig wrongIssuer = AppConfig.from(base.with("CHARTLINE_AUTH_ISSUER", issuer + "/realms/other"),
        EnumSet.of(Role.API));

    assertThatThrownBy(() -> startNode(empty)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("CHARTLINE_AUTH_JWKS_URL").hasMessageContaining("no usable signing key");
    assertThatThrownBy(() -> startNode(missing)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("CHARTLINE_AUTH_JWKS_URL").hasMessageContaining("HTTP 404");
    assertThatThrownBy(() -> startNode(wrongIssuer)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("CHARTLINE_AUTH_ISSUER").hasMessageContaining("HTTP 404");
  }
}
