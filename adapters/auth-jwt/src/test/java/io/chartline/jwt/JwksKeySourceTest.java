package io.chartline.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Fetching, caching and rate-limited refreshing of an issuer's JWKS, against a counting fake transport. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class JwksKeySourceTest {

  static final String ISSUER = "https://idp.example.com/realms/chartline";
  static final URI JWKS = URI.create("https://idp.example.com/realms/chartline/certs");
  static final URI DISCOVERY = URI.create(ISSUER + "/.well-known/openid-configuration");
  static final DevKeys A = DevKeys.generate();
  static final DevKeys B = DevKeys.generate();

  /** Answers documents by URI and counts requests per URI. */
  static final class FakeIdp implements JsonFetcher {
    final Map<URI, AtomicInteger> hits = new ConcurrentHashMap<>();
    volatile Function<URI, Future<JsonObject>> answer;

    FakeIdp(Function<URI, Future<JsonObject>> answer) {
      this.answer = answer;
    }

    @Override
    public Future<JsonObject> get(URI uri) {
      hits.computeIfAbsent(uri, u -> new AtomicInteger()).incrementAndGet();
      return answer.apply(uri);
    }

    int hits(URI uri) {
      AtomicInteger n = hits.get(uri);
      return n == null ? 0 : n.get();
    }
  }

  static JsonObject jwks(DevKeys... keys) {
    JsonArray arr = new JsonArray();
    for (DevKeys k : keys) {
      arr.addAll(k.keySet().toJwks().getJsonArray("keys"));
    }
    return new JsonObject().put("keys", arr);
  }

  static Function<URI, Future<JsonObject>> serving(JsonObject doc) {
    return uri -> Future.succeededFuture(doc);
  }

  static JwksSettings settings(URI jwksUri, Duration refresh, Duration minRefresh) {
    return new JwksSettings(ISSUER, jwksUri, refresh, minRefresh, Duration.ofSeconds(2), 64 * 1024, false);
  }

  static KeySource open(Vertx vertx, FakeIdp idp, JwksSettings settings, MutableClock clock) {
    return JwksKeySource.open(vertx, idp, settings, clock).toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void opensFromAConfiguredJwksWithOneFetch(Vertx vertx) {
    FakeIdp idp = new FakeIdp(serving(jwks(A)));
    KeySource source = open(vertx, idp, JwksSettings.defaults(ISSUER, JWKS), new MutableClock(Instant.EPOCH));

    assertThat(source.current().find(A.kid())).contains(A.publicKey());
    assertThat(idp.hits(JWKS)).isEqualTo(1);
    assertThat(idp.hits(DISCOVERY)).isZero();
    source.close();
  }

  /** A failing first fetch or a JWKS without a usable signing key stops startup with a message naming the setting. */
  @Test
  void refusesToOpenWithoutAUsableKey(Vertx vertx, VertxTestContext ctx) {
    JsonObject onlyUnusable = new JsonObject().put("keys", new JsonArray()
        .add(new JsonObject().put("kty", "oct").put("kid", "h").put("k", "c2VjcmV0"))
        .add(A.keySet().toJwks().getJsonArray("keys").getJsonObject(0).copy().put("use", "enc")));
    Future<KeySource> down = JwksKeySource.open(vertx,
        new FakeIdp(uri -> Future.failedFuture(new IllegalStateException("answered HTTP 503"))),
        JwksSettings.defaults(ISSUER, JWKS), new MutableClock(Instant.EPOCH));
    Future<KeySource> empty = JwksKeySource.open(vertx, new FakeIdp(serving(onlyUnusable)),
        JwksSettings.defaults(ISSUER, JWKS), new MutableClock(Instant.EPOCH));
    Future.join(down, empty).onComplete(ar -> ctx.verify(() -> {
      assertThat(down.failed()).isTrue();
      assertThat(down.cause().getMessage()).contains("no usable token verification key")
          .contains("CHARTLINE_AUTH_JWKS_URL").contains(JWKS.toString()).contains("HTTP 503");
      assertThat(empty.failed()).isTrue();
      assertThat(empty.cause().getMessage()).contains("CHARTLINE_AUTH_JWKS_URL").contains("no usable signing key");
      ctx.completeNow();
    }));
  }

  @Test
  void discoversTheJwksFromTheIssuer(Vertx vertx) {
    URI discovered = URI.create("https://keys.idp.example.com/jwks.json");
    FakeIdp idp = new FakeIdp(uri -> Future.succeededFuture(uri.equals(DISCOVERY)
        ? new JsonObject().put("issuer", ISSUER + "/").put("jwks_uri", discovered.toString())
        : uri.equals(discovered) ? jwks(A) : new JsonObject()));
    KeySource source = open(vertx, idp, JwksSettings.defaults(ISSUER + "/", null), new MutableClock(Instant.EPOCH));

    assertThat(source.current().find(A.kid())).isPresent();
    assertThat(idp.hits(DISCOVERY)).as("trailing slash of the issuer removed").isEqualTo(1);
    assertThat(idp.hits(discovered)).isEqualTo(1);
    source.close();
  }

  /** Discovery for another issuer, without jwks_uri, or with a plain-http jwks_uri does not open. */
  @Test
  void refusesUntrustworthyDiscoveryDocuments(Vertx vertx, VertxTestContext ctx) {
    List<Future<KeySource>> opened = new ArrayList<>();
    for (JsonObject doc : List.of(
        new JsonObject().put("issuer", "https://evil.example.com").put("jwks_uri", JWKS.toString()),
        new JsonObject().put("issuer", ISSUER),
        new JsonObject().put("issuer", ISSUER).put("jwks_uri", "http://idp.example.com/certs"))) {
      opened.add(JwksKeySource.open(vertx, new FakeIdp(serving(doc)), JwksSettings.defaults(ISSUER, null),
          new MutableClock(Instant.EPOCH)));
    }
    Future.join(opened).onComplete(ar -> ctx.verify(() -> {
      assertThat(opened.get(0).cause().getMessage()).contains("another issuer than CHARTLINE_AUTH_ISSUER");
      assertThat(opened.get(1).cause().getMessage()).contains("no jwks_uri");
      assertThat(opened.get(2).cause().getMessage()).contains("must use https");
      ctx.completeNow();
    }));
  }

  /** An unknown kid refreshes at once the first time, then not again until the minimum interval has passed. */
  @Test
  void unknownKidRefreshesAtMostOncePerInterval(Vertx vertx) {
    FakeIdp idp = new FakeIdp(serving(jwks(A)));
    MutableClock clock = new MutableClock(Instant.EPOCH);
    KeySource source = open(vertx, idp, settings(JWKS, Duration.ofHours(1), Duration.ofSeconds(30)), clock);
    idp.answer = serving(jwks(A, B));

    clock.advance(Duration.ofSeconds(10));
    KeySet early = source.refreshFor(B.kid()).result();
    assertThat(early.find(B.kid())).as("inside the interval: cached keys, no fetch").isEmpty();
    assertThat(idp.hits(JWKS)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(21));
    KeySet fresh = source.refreshFor(B.kid()).result();
    assertThat(fresh.find(B.kid())).isPresent();
    assertThat(source.current().find(B.kid())).isPresent();
    assertThat(idp.hits(JWKS)).isEqualTo(2);

    source.refreshFor("made-up").result();
    assertThat(idp.hits(JWKS)).isEqualTo(2);
    source.close();
  }

  /** 200 unknown kids while a fetch is in flight all wait for that one fetch. */
  @Test
  void aFloodOfUnknownKidsSharesOneFetch(Vertx vertx, VertxTestContext ctx) {
    FakeIdp idp = new FakeIdp(serving(jwks(A)));
    MutableClock clock = new MutableClock(Instant.EPOCH);
    KeySource source = open(vertx, idp, settings(JWKS, Duration.ofHours(1), Duration.ofSeconds(30)), clock);
    clock.advance(Duration.ofMinutes(1));
    Promise<JsonObject> slow = Promise.promise();
    idp.answer = uri -> slow.future();

    List<Future<KeySet>> waits = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      waits.add(source.refreshFor("random-" + i));
    }
    assertThat(idp.hits(JWKS)).isEqualTo(2);
    assertThat(waits).allMatch(f -> !f.isComplete());
    slow.complete(jwks(A, B));
    Future.all(waits).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertThat(waits).allMatch(f -> f.result().find(B.kid()).isPresent());
      source.refreshFor("random-again");
      assertThat(idp.hits(JWKS)).isEqualTo(2);
      source.close();
      ctx.completeNow();
    })));
  }

  /** A failed or empty refresh keeps the keys already cached: an issuer outage does not lock everyone out. */
  @Test
  void failedOrEmptyRefreshesKeepTheCachedKeys(Vertx vertx) {
    FakeIdp idp = new FakeIdp(serving(jwks(A)));
    MutableClock clock = new MutableClock(Instant.EPOCH);
    KeySource source = open(vertx, idp, settings(JWKS, Duration.ofHours(1), Duration.ofSeconds(1)), clock);

    idp.answer = uri -> Future.failedFuture(new IllegalStateException("answered HTTP 500"));
    clock.advance(Duration.ofSeconds(2));
    assertThat(source.refreshFor("x").result().find(A.kid())).isPresent();
    idp.answer = serving(new JsonObject().put("keys", new JsonArray()));
    clock.advance(Duration.ofSeconds(2));
    assertThat(source.refreshFor("y").result().find(A.kid())).isPresent();
    assertThat(idp.hits(JWKS)).isEqualTo(3);
    source.close();
  }

  /** Kids that cannot name a key (absent, empty, absurdly long) never cause a fetch. */
  @Test
  void nullEmptyAndOverlongKidsNeverFetch(Vertx vertx) {
    FakeIdp idp = new FakeIdp(serving(jwks(A)));
    MutableClock clock = new MutableClock(Instant.EPOCH);
    KeySource source = open(vertx, idp, settings(JWKS, Duration.ofHours(1), Duration.ofSeconds(1)), clock);
    clock.advance(Duration.ofMinutes(1));

    source.refreshFor(null);
    source.refreshFor("");
    source.refreshFor("k".repeat(300));
    assertThat(idp.hits(JWKS)).isEqualTo(1);
    source.close();
  }

  /** The scheduled refresh replaces the cache: a key the issuer removed stops verifying, a new one appears. */
  @Test
  void scheduledRefreshRetiresRemovedKeys(Vertx vertx, VertxTestContext ctx) {
    FakeIdp idp = new FakeIdp(serving(jwks(A)));
    KeySource source = open(vertx, idp, settings(JWKS, Duration.ofSeconds(1), Duration.ofSeconds(1)),
        new MutableClock(Instant.EPOCH));
    idp.answer = serving(jwks(B));
    long deadline = System.currentTimeMillis() + 10_000;
    vertx.setPeriodic(100, id -> {
      if (source.current().find(A.kid()).isEmpty() || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        ctx.verify(() -> {
          assertThat(source.current().find(A.kid())).isEmpty();
          assertThat(source.current().find(B.kid())).isPresent();
          assertThat(idp.hits(JWKS)).isGreaterThanOrEqualTo(2);
          source.close();
          ctx.completeNow();
        });
      }
    });
  }
}
