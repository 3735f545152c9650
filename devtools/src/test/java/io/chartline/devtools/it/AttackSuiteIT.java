package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.jwt.DevKeys;
import io.chartline.jwt.JwtSigner;
import io.chartline.launcher.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile bearer tokens against the running API. Every attack must get 401 with the stable
 * {@code UNAUTHENTICATED} body (no stack trace, nothing echoed), leave an audit row with the
 * expected reason and no tenant attributed, and the service must serve a valid token right after.
 * Key pointers in headers ({@code jku}, {@code x5u}) aim at a live attacker server that must
 * never be contacted.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class AttackSuiteIT {

  static final String TENANT = "it-attacks";
  static final DevKeys ATTACKER = DevKeys.generate();
  static final AtomicInteger ATTACKER_HITS = new AtomicInteger();
  static TestNode node;
  static Vertx attackerVertx;
  static String attackerBase;

  /** One hostile request: the raw Authorization header (null: none) and the reason the audit row must carry. */
  record Attack(String name, String authorization, String reason) {
  }

  @BeforeAll
  static void start() throws Exception {
    attackerVertx = Vertx.vertx();
    HttpServer server = attackerVertx.createHttpServer().requestHandler(req -> {
      ATTACKER_HITS.incrementAndGet();
      req.response().putHeader("content-type", "application/json").end(ATTACKER.keySet().toJwks().encode());
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    attackerBase = "http://127.0.0.1:" + server.actualPort();
    node = TestNode.start(TestNode.isolatedSettings("attacks", Map.of()), EnumSet.of(Role.API, Role.AUDIT),
        DevKeys.generate());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (attackerVertx != null) {
      attackerVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static JsonObject claims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", DevKeys.ISSUER).put("aud", DevKeys.AUDIENCE).put("sub", "mallory")
        .put("tenant_id", TENANT).put("roles", new JsonArray().add("clinician")).put("iat", now)
        .put("exp", now + 600);
  }

  static JsonObject claims(UnaryOperator<JsonObject> edit) {
    return edit.apply(claims());
  }

  static JsonObject header(String alg, String kid) {
    return new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  static String hs256(JsonObject header, JsonObject claims, byte[] secret) throws Exception {
    String input = b64(header.encode()) + "." + b64(claims.encode());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Replaces the claims of a signed token, keeping its header and signature. */
  static String withClaims(String signed, JsonObject claims) {
    String[] parts = signed.split("\\.");
    return parts[0] + "." + b64(claims.encode()) + "." + parts[2];
  }

  static List<Attack> attacks() throws Exception {
    DevKeys keys = node.keys();
    JwtSigner real = keys.signer();
    JwtSigner evil = ATTACKER.signer();
    long now = Instant.now().getEpochSecond();
    JsonObject attackerJwk = ATTACKER.keySet().toJwks().getJsonArray("keys").getJsonObject(0);
    String valid = real.sign(claims());
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
            keys.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    List<Attack> a = new ArrayList<>();
    for (String none : List.of("none", "None", "NONE", "nOnE")) {
      String unsigned = b64(header(none, keys.kid()).encode()) + "." + b64(claims().encode()) + ".";
      a.add(new Attack("alg " + none + ", empty signature", "Bearer " + unsigned, "TOKEN_MALFORMED"));
      a.add(new Attack("alg " + none + ", junk signature", "Bearer " + unsigned + "AAAA", "ALG_NOT_ALLOWED"));
    }
    a.add(new Attack("HS256 keyed with the public key (DER)",
        "Bearer " + hs256(header("HS256", keys.kid()), claims(), keys.publicKey().getEncoded()), "ALG_NOT_ALLOWED"));
    a.add(new Attack("HS256 keyed with the public key (PEM)",
        "Bearer " + hs256(header("HS256", keys.kid()), claims(), pem.getBytes(StandardCharsets.US_ASCII)),
        "ALG_NOT_ALLOWED"));
    a.add(new Attack("empty signature", "Bearer " + valid.substring(0, valid.lastIndexOf('.') + 1),
        "TOKEN_MALFORMED"));
    a.add(new Attack("zeroed signature", "Bearer " + valid.substring(0, valid.lastIndexOf('.') + 1)
        + b64(new byte[256]), "BAD_SIGNATURE"));
    a.add(new Attack("ES256 header over an RSA signature", "Bearer " + real.sign(header("ES256", keys.kid()),
        claims()), "BAD_SIGNATURE"));
    for (String kid : List.of("../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "' OR '1'='1",
        "x'; DROP TABLE audit_log; --", "")) {
      a.add(new Attack("kid " + kid, "Bearer " + real.sign(header("RS256", kid), claims()), "UNKNOWN_KEY"));
    }
    a.add(new Attack("key nobody published", "Bearer " + DevKeys.generate().signer().sign(claims()), "UNKNOWN_KEY"));
    a.add(new Attack("jku to the attacker's JWKS", "Bearer " + evil.sign(header("RS256", ATTACKER.kid())
        .put("jku", attackerBase + "/jwks.json"), claims()), "UNKNOWN_KEY"));
    a.add(new Attack("x5u to the attacker's certificate", "Bearer " + evil.sign(header("RS256", ATTACKER.kid())
        .put("x5u", attackerBase + "/cert.pem"), claims()), "UNKNOWN_KEY"));
    a.add(new Attack("embedded attacker jwk", "Bearer " + evil.sign(header("RS256", ATTACKER.kid())
        .put("jwk", attackerJwk), claims()), "UNKNOWN_KEY"));
    a.add(new Attack("embedded attacker jwk under the real kid", "Bearer " + evil.sign(header("RS256", keys.kid())
        .put("jwk", attackerJwk.copy().put("kid", keys.kid())), claims()), "BAD_SIGNATURE"));
    a.add(new Attack("expired", "Bearer " + real.sign(claims(c -> c.put("exp", now - 600))), "TOKEN_EXPIRED"));
    a.add(new Attack("nbf in the future", "Bearer " + real.sign(claims(c -> c.put("nbf", now + 3600))),
        "TOKEN_NOT_YET_VALID"));
    a.add(new Attack("iat in the future", "Bearer " + real.sign(claims(c -> c.put("iat", now + 3600))),
        "TOKEN_ISSUED_IN_FUTURE"));
    a.add(new Attack("exp ten years out", "Bearer " + real.sign(claims(c -> c.put("exp", now + 10L * 365 * 86400))),
        "TOKEN_LIFETIME_TOO_LONG"));
    JsonObject noIat = claims();
    noIat.remove("iat");
    a.add(new Attack("no iat", "Bearer " + real.sign(noIat), "IAT_MISSING"));
    JsonObject noExp = claims();
    noExp.remove("exp");
    a.add(new Attack("no exp", "Bearer " + real.sign(noExp), "EXP_MISSING"));
    a.add(new Attack("wrong iss", "Bearer " + real.sign(claims(c -> c.put("iss", "https://evil.example"))),
        "WRONG_ISSUER"));
    a.add(new Attack("wrong aud", "Bearer " + real.sign(claims(c -> c.put("aud", "another-api"))),
        "WRONG_AUDIENCE"));
    a.add(new Attack("tenant edited after signing", "Bearer " + withClaims(valid,
        claims(c -> c.put("tenant_id", "other-tenant"))), "BAD_SIGNATURE"));
    a.add(new Attack("roles edited after signing", "Bearer " + withClaims(valid,
        claims(c -> c.put("roles", new JsonArray().add("super_admin")))), "BAD_SIGNATURE"));
    JsonObject noTenant = claims();
    noTenant.remove("tenant_id");
    a.add(new Attack("tenant missing", "Bearer " + real.sign(noTenant), "TENANT_CLAIM_INVALID"));
    a.add(new Attack("tenant array", "Bearer " + real.sign(claims(c -> c.put("tenant_id",
        new JsonArray().add(TENANT).add("other-tenant")))), "TENANT_CLAIM_INVALID"));
    a.add(new Attack("tenant wildcard", "Bearer " + real.sign(claims(c -> c.put("tenant_id", "*"))),
        "TENANT_CLAIM_INVALID"));
    a.add(new Attack("OIDC ID token (nonce)", "Bearer " + real.sign(claims(c -> c.put("nonce", "n-0S6_WzA2Mj"))),
        "NOT_ACCESS_TOKEN"));
    a.add(new Attack("Cognito ID token", "Bearer " + real.sign(claims(c -> c.put("token_use", "id"))),
        "NOT_ACCESS_TOKEN"));
    a.add(new Attack("Keycloak ID token", "Bearer " + real.sign(claims(c -> c.put("typ", "ID"))),
        "NOT_ACCESS_TOKEN"));
    a.add(new Attack("logout token type", "Bearer " + real.sign(header("RS256", keys.kid()).put("typ", "logout+jwt"),
        claims()), "TOKEN_TYPE_NOT_ALLOWED"));
    a.add(new Attack("critical extension", "Bearer " + real.sign(header("RS256", keys.kid())
        .put("crit", new JsonArray().add("exp")), claims()), "CRIT_UNSUPPORTED"));
    a.add(new Attack("not a JWT", "Bearer not.a.jwt", "TOKEN_MALFORMED"));
    a.add(new Attack("oversized", "Bearer " + "a".repeat(9000), "TOKEN_TOO_LARGE"));
    a.add(new Attack("no Authorization header", null, "TOKEN_MISSING"));
    a.add(new Attack("Basic credentials", "Basic " + b64("mallory:secret"), "TOKEN_MISSING"));
    return a;
  }

  static Future<HttpResponse<Buffer>> get(WebClient web, String authorization, String requestId) {
    HttpRequest<Buffer> req = web.get("/v1/documents").putHeader("X-Request-Id", requestId);
    if (authorization != null) {
      req.putHeader("Authorization", authorization);
    }
    return req.send();
  }

  /** One attack and the valid request that follows it. */
  record Run(Attack attack, String requestId, HttpResponse<Buffer> refused, HttpResponse<Buffer> after) {
  }

  @Test
  void everyAttackIsRefusedAuditedAndLeavesTheServiceWorking(Vertx vertx, VertxTestContext ctx) throws Exception {
    String valid = "Bearer " + node.token(TENANT, "clinician");
    List<Attack> attacks = attacks();
    List<Future<Run>> runs = new ArrayList<>();
    for (int i = 0; i < attacks.size(); i++) {
      Attack attack = attacks.get(i);
      // each attack from its own loopback address: repeated failures from one source are audited in
      // aggregate (AbusiveClientsIT), and this test wants every attack's own audit row
      WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(node.port()).setLocalAddress("127.0.1." + (i + 1)), new PoolOptions().setHttp1MaxSize(2));
      String requestId = "attack-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
      runs.add(get(web, attack.authorization(), requestId)
          .compose(refused -> get(web, valid, requestId + "-ok").map(ok -> new Run(attack, requestId, refused, ok))));
    }
    Future.all(runs)
        .compose(all -> AuditRows.awaitAll(new ApiClient(vertx, node.port()), node.node(), node.config(),
            runs.stream().map(r -> r.result().requestId()).toList(), 60_000))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          SoftAssertions soft = new SoftAssertions();
          for (Future<Run> f : runs) {
            Run run = f.result();
            String name = run.attack().name();
            soft.assertThat(run.refused().statusCode()).as(name).isEqualTo(401);
            soft.assertThat(run.refused().getHeader("WWW-Authenticate")).as(name).contains("invalid_token");
            JsonObject error = run.refused().bodyAsJsonObject().getJsonObject("error");
            soft.assertThat(error.getString("code")).as(name).isEqualTo("UNAUTHENTICATED");
            soft.assertThat(error.getString("message")).as(name).isEqualTo("invalid or missing bearer token");
            soft.assertThat(error.getString("request_id")).as(name).isEqualTo(run.requestId());
            soft.assertThat(run.refused().bodyAsString()).as(name).doesNotContain("Exception", "at io.", "mallory");
            AuditRows.Entry row = rows.get(run.requestId());
            soft.assertThat(row.reason()).as(name).isEqualTo(run.attack().reason());
            soft.assertThat(row.action()).as(name).isEqualTo("auth.authenticate");
            soft.assertThat(row.outcome()).as(name).isEqualTo("failure");
            soft.assertThat(row.tenant()).as(name + ": no tenant from an unverified token").isNull();
            soft.assertThat(row.subject()).as(name).isNull();
            soft.assertThat(run.after().statusCode()).as(name + ": valid token right after").isEqualTo(200);
            soft.assertThat(run.after().bodyAsJsonObject().getJsonArray("items")).as(name).isNotNull();
          }
          soft.assertThat(ATTACKER_HITS).as("jku/x5u targets contacted").hasValue(0);
          soft.assertAll();
          assertThat(runs).hasSizeGreaterThan(40);
          ctx.completeNow();
        })));
  }
}
