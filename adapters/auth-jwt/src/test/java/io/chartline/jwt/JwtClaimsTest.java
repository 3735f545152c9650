package io.chartline.jwt;

import static io.chartline.jwt.Tokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Claim rules applied after the signature verifies: lifetime with leeway, addressing, access tokens only, tenant. */
class JwtClaimsTest {

  static final DevKeys KEYS = DevKeys.generate();
  static final long NOW = Tokens.NOW.getEpochSecond();

  static String reason(JwtPolicy policy, JsonObject claims) {
    return Tokens.reason(new JwtVerifier(KEYS::keySet, policy, Tokens.CLOCK), KEYS.signer().sign(claims));
  }

  static String reason(JsonObject claims) {
    return reason(JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE), claims);
  }

  static JsonObject without(JsonObject claims, String name) {
    claims.remove(name);
    return claims;
  }

  @Test
  void refusesExpiredFutureMissingExpAndMisaddressedTokens() {
    assertThat(reason(claims().put("exp", NOW - 60))).isEqualTo("TOKEN_EXPIRED");
    assertThat(reason(claims().put("nbf", NOW + 600))).isEqualTo("TOKEN_NOT_YET_VALID");
    assertThat(reason(claims().put("iat", NOW + 600))).isEqualTo("TOKEN_ISSUED_IN_FUTURE");
    assertThat(reason(without(claims(), "exp"))).isEqualTo("EXP_MISSING");
    assertThat(reason(claims().put("exp", String.valueOf(NOW + 300)))).as("exp as a string").isEqualTo("EXP_MISSING");
    assertThat(reason(claims().put("aud", "other"))).isEqualTo("WRONG_AUDIENCE");
    assertThat(reason(without(claims(), "aud"))).isEqualTo("WRONG_AUDIENCE");
    assertThat(reason(claims().put("iss", "other"))).isEqualTo("WRONG_ISSUER");
    assertThat(reason(without(claims(), "iss"))).isEqualTo("WRONG_ISSUER");
    assertThat(reason(claims().put("aud", new JsonArray().add("x").add("aud-1")))).isEqualTo("ACCEPTED");
  }

  /** The configured leeway (30 s by default) forgives small clock skew on exp, nbf and iat, and no more. */
  @Test
  void appliesTheLeewayOnBothSidesOfEachTimeClaim() {
    assertThat(reason(claims().put("exp", NOW - 20))).isEqualTo("ACCEPTED");
    assertThat(reason(claims().put("exp", NOW - 30))).isEqualTo("TOKEN_EXPIRED");
    assertThat(reason(claims().put("nbf", NOW + 30))).isEqualTo("ACCEPTED");
    assertThat(reason(claims().put("nbf", NOW + 31))).isEqualTo("TOKEN_NOT_YET_VALID");
    assertThat(reason(claims().put("iat", NOW + 30))).isEqualTo("ACCEPTED");
    assertThat(reason(claims().put("iat", NOW + 31))).isEqualTo("TOKEN_ISSUED_IN_FUTURE");
    JwtPolicy strict = new JwtPolicy(Tokens.ISSUER, Tokens.AUDIENCE, JwtPolicy.SUPPORTED, Duration.ZERO, "tenant_id",
        "roles", "sub", 8192, "aud", JwtPolicy.DEFAULT_TOKEN_TYPES, JwtPolicy.DEFAULT_ID_TOKEN_CLAIMS);
    assertThat(reason(strict, claims().put("nbf", NOW + 1))).isEqualTo("TOKEN_NOT_YET_VALID");
  }

  /** Out of the box a token may live at most 12 h and be used at most 24 h after it was issued. */
  @Test
  void defaultPolicyBoundsLifetimeAndAge() {
    JwtPolicy d = JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE);
    assertThat(d.maxLifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(d.maxAge()).isEqualTo(Duration.ofHours(24));
    assertThat(d.requiresIssuedAt()).isTrue();
  }

  /** A correctly signed token that lives ten years, or longer than the maximum at all, is refused. */
  @Test
  void refusesTokensWhoseLifetimeIsLongerThanTheMaximum() {
    long tenYears = 10L * 365 * 24 * 3600;
    assertThat(reason(claims().put("exp", NOW + tenYears))).isEqualTo("TOKEN_LIFETIME_TOO_LONG");
    assertThat(reason(claims().put("exp", NOW + 12 * 3600))).as("exactly 12 h").isEqualTo("ACCEPTED");
    assertThat(reason(claims().put("exp", NOW + 12 * 3600 + 1))).isEqualTo("TOKEN_LIFETIME_TOO_LONG");
    assertThat(reason(claims().put("iat", NOW - 3600).put("exp", NOW + 11 * 3600 + 1)))
        .as("lifetime counts from iat, not from now").isEqualTo("TOKEN_LIFETIME_TOO_LONG");
  }

  /** Age since iat is bounded even for a token whose exp is still ahead (a long-lived policy, an old token). */
  @Test
  void refusesTokensIssuedLongerAgoThanTheMaximumAge() {
    JwtPolicy d = JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE);
    JwtPolicy ageOnly = withLimits(d, Duration.ZERO, Duration.ofHours(1));
    assertThat(reason(ageOnly, claims().put("iat", NOW - 3600 - 30).put("exp", NOW + 3600)))
        .as("one hour plus the leeway").isEqualTo("ACCEPTED");
    assertThat(reason(ageOnly, claims().put("iat", NOW - 3600 - 31).put("exp", NOW + 3600)))
        .isEqualTo("TOKEN_TOO_OLD");
    assertThat(reason(ageOnly, claims().put("iat", NOW - 30 * 24 * 3600).put("exp", NOW + 3600)))
        .as("no lifetime limit, still too old").isEqualTo("TOKEN_TOO_OLD");
    assertThat(reason(claims().put("iat", NOW - 25 * 3600).put("exp", NOW + 60)))
        .as("defaults: lifetime checked first").isEqualTo("TOKEN_LIFETIME_TOO_LONG");
  }

  /** While a limit is on, iat is required; with both limits off a token without iat passes as before. */
  @Test
  void requiresIatOnlyWhileALimitIsOn() {
    JwtPolicy d = JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE);
    assertThat(reason(without(claims(), "iat"))).isEqualTo("IAT_MISSING");
    assertThat(reason(claims().put("iat", String.valueOf(NOW)))).as("iat as a string").isEqualTo("IAT_MISSING");
    assertThat(reason(withLimits(d, Duration.ofHours(1), Duration.ZERO), without(claims(), "iat")))
        .isEqualTo("IAT_MISSING");
    JwtPolicy off = withLimits(d, Duration.ZERO, Duration.ZERO);
    assertThat(off.requiresIssuedAt()).isFalse();
    assertThat(reason(off, without(claims(), "iat").put("exp", NOW + 10L * 365 * 24 * 3600))).isEqualTo("ACCEPTED");
  }

  /** Limits are checked when the policy is built: negative or beyond 30 days fails, naming the variable. */
  @Test
  void refusesOutOfRangeLimits() {
    JwtPolicy d = JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> withLimits(d, Duration.ofDays(31), Duration.ZERO))
        .hasMessageContaining("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> withLimits(d, Duration.ZERO, Duration.ofSeconds(-1)))
        .hasMessageContaining("CHARTLINE_AUTH_MAX_TOKEN_AGE");
  }

  static JwtPolicy withLimits(JwtPolicy d, Duration maxLifetime, Duration maxAge) {
    return new JwtPolicy(d.issuer(), d.audience(), d.algorithms(), d.leeway(), d.tenantClaim(), d.rolesClaim(),
        d.subjectClaim(), d.maxTokenBytes(), d.audienceClaim(), d.tokenTypes(), d.idTokenClaims(), d.patientClaim(),
        d.scopeClaim(), maxLifetime, maxAge);
  }

  /** ID and refresh tokens are refused where the issuer marks them; marked access tokens pass. */
  @Test
  void refusesIdTokensByEveryMarker() {
    assertThat(reason(claims().put("nonce", "n-123"))).as("OIDC nonce").isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(reason(claims().put("at_hash", "abc"))).as("OIDC at_hash").isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(reason(claims().put("c_hash", "abc"))).as("OIDC c_hash").isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(reason(claims().put("token_use", "id"))).as("Cognito").isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(reason(claims().put("typ", "ID"))).as("Keycloak ID token").isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(reason(claims().put("typ", "Refresh"))).as("Keycloak refresh token").isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(reason(claims().put("token_use", "access"))).as("Cognito access").isEqualTo("ACCEPTED");
    assertThat(reason(claims().put("typ", "Bearer"))).as("Keycloak access").isEqualTo("ACCEPTED");
  }

  /** With the ID-token claim list emptied (older Keycloak puts nonce in access tokens), nonce alone passes. */
  @Test
  void idTokenClaimListIsConfigurable() {
    JwtPolicy d = JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE);
    JwtPolicy relaxed = new JwtPolicy(d.issuer(), d.audience(), d.algorithms(), d.leeway(), d.tenantClaim(),
        d.rolesClaim(), d.subjectClaim(), d.maxTokenBytes(), d.audienceClaim(), d.tokenTypes(), Set.of("at_hash"));
    assertThat(reason(relaxed, claims().put("nonce", "n").put("typ", "Bearer"))).isEqualTo("ACCEPTED");
    assertThat(reason(relaxed, claims().put("at_hash", "x"))).isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(reason(relaxed, claims().put("typ", "ID"))).as("typ claim still checked").isEqualTo("NOT_ACCESS_TOKEN");
  }

  @Test
  void refusesBadTenantClaimsAndMissingSubjects() {
    assertThat(reason(claims().put("tenant_id", "*"))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(claims().put("tenant_id", new JsonArray().add("t-1")))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(claims().put("tenant_id", "T-1"))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(claims().put("tenant_id", "t-1' OR '1'='1"))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(claims().put("tenant_id", new JsonObject().put("id", "t-1")))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(without(claims(), "tenant_id"))).isEqualTo("TENANT_CLAIM_INVALID");
    assertThat(reason(without(claims(), "sub"))).isEqualTo("SUBJECT_MISSING");
    assertThat(reason(claims().put("sub", " "))).isEqualTo("SUBJECT_MISSING");
    assertThat(reason(claims().put("sub", "alice\u0000"))).isEqualTo("SUBJECT_INVALID");
    assertThat(reason(claims().put("sub", "alice\u001b[2J"))).isEqualTo("SUBJECT_INVALID");
  }

  /** The principal names the issuer that vouched for it, so audit rows can record issuer and subject together. */
  @Test
  void thePrincipalCarriesTheVerifiedIssuer() {
    JwtVerifier v = new JwtVerifier(KEYS::keySet, JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE), Tokens.CLOCK);
    Principal p = v.verify(KEYS.signer().sign(claims()));
    assertThat(p.issuer()).isEqualTo(Tokens.ISSUER);
    assertThat(p.actingIn(new io.chartline.common.tenant.TenantId("t-2")).issuer()).isEqualTo(Tokens.ISSUER);
  }

  /** Roles come as a JSON array or a space/comma separated string; non-strings in arrays are dropped. */
  @Test
  void readsRolesFromArraysAndStrings() {
    JwtVerifier v = new JwtVerifier(KEYS::keySet, JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE), Tokens.CLOCK);
    assertThat(v.verify(KEYS.signer().sign(claims().put("roles", "clinician analyst,auditor"))).roles())
        .containsExactly("clinician", "analyst", "auditor");
    assertThat(v.verify(KEYS.signer().sign(claims().put("roles", new JsonArray().add("auditor").add(7)))).roles())
        .containsExactly("auditor");
    assertThat(v.verify(KEYS.signer().sign(claims().put("roles", new JsonArray().add("clinician").add("x\u0000"))))
        .roles()).as("a role that cannot be stored is dropped").containsExactly("clinician");
    assertThat(v.verify(KEYS.signer().sign(without(claims(), "roles"))).roles()).isEmpty();
  }

  /** The patient claim, when present, must be one well-formed patient id; scopes come as a string or an array. */
  @Test
  void readsThePatientAndScopesAndRefusesAMalformedPatient() {
    JwtVerifier verifier = new JwtVerifier(KEYS::keySet, JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE),
        Tokens.CLOCK);
    Principal p = verifier.verify(KEYS.signer().sign(claims().put("patient_id", "MRN-1")
        .put("scope", "openid can_view_clinical")));
    assertThat(p.patientId()).isEqualTo("MRN-1");
    assertThat(p.scopes()).containsExactlyInAnyOrder("openid", "can_view_clinical");
    assertThat(verifier.verify(KEYS.signer().sign(claims())).patientId()).isNull();

    assertThat(reason(claims().put("patient_id", new JsonArray().add("a").add("b")))).isEqualTo("PATIENT_CLAIM_INVALID");
    assertThat(reason(claims().put("patient_id", 42))).isEqualTo("PATIENT_CLAIM_INVALID");
    assertThat(reason(claims().put("patient_id", "../x"))).isEqualTo("PATIENT_CLAIM_INVALID");
    assertThat(reason(claims().put("patient_id", ""))).isEqualTo("PATIENT_CLAIM_INVALID");

    JwtPolicy d = JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE);
    JwtPolicy smart = new JwtPolicy(d.issuer(), d.audience(), d.algorithms(), d.leeway(), d.tenantClaim(),
        d.rolesClaim(), d.subjectClaim(), d.maxTokenBytes(), d.audienceClaim(), d.tokenTypes(), d.idTokenClaims(),
        "patient", "scp");
    Principal launched = new JwtVerifier(KEYS::keySet, smart, Tokens.CLOCK).verify(KEYS.signer().sign(claims()
        .put("patient", "123").put("scp", new JsonArray().add("can_view_clinical"))));
    assertThat(launched.patientId()).isEqualTo("123");
    assertThat(launched.scopes()).containsExactly("can_view_clinical");
  }
}
