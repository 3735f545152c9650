package io.chartline.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verifier accepts exactly the well-signed, current, correctly addressed tokens. */
class JwtVerifierTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final DevKeys KEYS = DevKeys.generate();
  final JwtVerifier verifier = new JwtVerifier(KEYS::keySet, JwtPolicy.defaults("iss-1", "aud-1"),
      Clock.fixed(NOW, ZoneOffset.UTC));

  static JsonObject claims() {
    long now = NOW.getEpochSecond();
    return new JsonObject().put("iss", "iss-1").put("aud", "aud-1").put("sub", "u1").put("tenant_id", "t-1")
        .put("roles", new JsonArray().add("clinician")).put("iat", now).put("exp", now + 300);
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  String reason(String token) {
    try {
      verifier.verify(token);
      return "ACCEPTED";
    } catch (AuthException e) {
      return e.reason();
    }
  }

  @Test
  void acceptsAWellFormedTokenAndTakesTenantAndRolesFromItsClaims() {
    Principal p = verifier.verify(KEYS.signer().sign(claims()));
    assertThat(p.tenant().value()).isEqualTo("t-1");
    assertThat(p.subject()).isEqualTo("u1");
    assertThat(p.roles()).containsExactly("clinician");
  }

  @Test
  void refusesUnsignedAndAlgorithmConfusionTokens() {
    String body = b64(claims().encode());
    assertThat(reason(b64("{\"alg\":\"none\"}") + "." + body + ".")).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(b64("{\"alg\":\"none\"}") + "." + body + ".x")).isEqualTo("ALG_NOT_ALLOWED");
    assertThat(reason(b64("{\"alg\":\"HS256\",\"kid\":\"" + KEYS.kid() + "\"}") + "." + body + ".abc"))
        .isEqualTo("ALG_NOT_ALLOWED");
    String signed = KEYS.signer().sign(claims());
    assertThat(reason(signed.substring(0, signed.lastIndexOf('.') + 1))).isEqualTo("TOKEN_MALFORMED");
  }

  @Test
  void refusesTamperedUnknownKeyAndKeySetlessTokens() {
    String signed = KEYS.signer().sign(claims());
    String[] parts = signed.split("\\.");
    String tampered = parts[0] + "." + b64(claims().put("tenant_id", "t-2").encode()) + "." + parts[2];
    assertThat(reason(tampered)).isEqualTo("BAD_SIGNATURE");
    assertThat(reason(DevKeys.generate().signer().sign(claims()))).isEqualTo("UNKNOWN_KEY");
    JwtVerifier empty = new JwtVerifier(() -> KeySet.of(Map.of()), JwtPolicy.defaults("iss-1", "aud-1"),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> empty.verify(signed)).isInstanceOf(AuthException.class);
  }

  @Test
  void refusesExpiredFutureMissingExpAndMisaddressedTokens() {
    long now = NOW.getEpochSecond();
    assertThat(reason(KEYS.signer().sign(claims().put("exp", now - 60)))).isEqualTo("TOKEN_EXPIRED");
    assertThat(reason(KEYS.signer().sign(claims().put("nbf", now + 600)))).isEqualTo("TOKEN_NOT_YET_VALID");
    JsonObject noExp = claims();
    noExp.remove("exp");
    assertThat(reason(KEYS.signer().sign(noExp))).isEqualTo("EXP_MISSING");
    assertThat(reason(KEYS.signer().sign(claims().put("aud", "other")))).isEqualTo("WRONG_AUDIENCE");
    assertThat(reason(KEYS.signer().sign(claims().put("iss", "other")))).isEqualTo("WRONG_ISSUER");
    assertThat(reason(KEYS.signer().sign(claims().put("aud", new JsonArray().add("x").add("aud-1")))))
        .isEqualTo("ACCEPTED");
  }

  @Test
  void refusesBadTenantClaimsAndOversizedTokens() {
    assertThat(reason(KEYS.signer().sign(claims().put("tenant_id", "*")))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(KEYS.signer().sign(claims().put("tenant_id", new JsonArray().add("t-1")))))
        .isEqualTo("TENANT_CLAIM_INVALID");
    JsonObject noTenant = claims();
    noTenant.remove("tenant_id");
    assertThat(reason(KEYS.signer().sign(noTenant))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason("a".repeat(9000))).isEqualTo("TOKEN_TOO_LARGE");
    assertThat(reason(null)).isEqualTo("TOKEN_MISSING");
  }
}
