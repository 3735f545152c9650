package io.chartline.jwt;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.Principal;
import io.chartline.common.auth.Refusal;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.chartline.common.text.TextRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks the claims of a token whose signature has already verified: validity window, lifetime and
 * age against the policy's maximums, issuer, audience, that it is an access token, and the tenant
 * and subject the principal is built from.
 */
final class ClaimsCheck {

  private final JwtPolicy policy;
  private final Clock clock;

  ClaimsCheck(JwtPolicy policy, Clock clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @return the principal the claims describe
   * @throws AuthException with the first {@link Refusal} that applies
   */
  Principal principal(JsonObject claims) {
    checkLifetime(claims);
    if (!policy.issuer().equals(claims.getValue("iss"))) {
      throw new AuthException(Refusal.WRONG_ISSUER);
    }
    if (!audienceMatches(ClaimPath.resolve(claims, policy.audienceClaim()))) {
      throw new AuthException(Refusal.WRONG_AUDIENCE);
    }
    if (isIdToken(claims)) {
      throw new AuthException(Refusal.NOT_ACCESS_TOKEN);
    }
    Object tenant = ClaimPath.resolve(claims, policy.tenantClaim());
    if (!(tenant instanceof String t) || !TenantId.isValid(t)) {
      throw new AuthException(Refusal.TENANT_CLAIM_INVALID);
    }
    Object sub = ClaimPath.resolve(claims, policy.subjectClaim());
    if (!(sub instanceof String s) || s.isBlank()) {
      throw new AuthException(Refusal.SUBJECT_MISSING);
    }
    if (!TextRules.isLine(s)) {
      throw new AuthException(Refusal.SUBJECT_INVALID);
    }
    Object patient = ClaimPath.resolve(claims, policy.patientClaim());
    if (patient != null && !(patient instanceof String pid && DataScope.isValidPatientId(pid))) {
      throw new AuthException(Refusal.PATIENT_CLAIM_INVALID);
    }
    return new Principal(TenantId.of(t), s, roles(ClaimPath.resolve(claims, policy.rolesClaim())), (String) patient,
        new HashSet<>(roles(ClaimPath.resolve(claims, policy.scopeClaim()))), policy.issuer());
  }

  private void checkLifetime(JsonObject claims) {
    long now = clock.instant().getEpochSecond();
    long leeway = policy.leeway().toSeconds();
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new AuthException(Refusal.EXP_MISSING);
    }
    if (now - leeway >= exp.longValue()) {
      throw new AuthException(Refusal.TOKEN_EXPIRED);
    }
    if (claims.getValue("nbf") instanceof Number nbf && nbf.longValue() > now + leeway) {
      throw new AuthException(Refusal.TOKEN_NOT_YET_VALID);
    }
    Object iat = claims.getValue("iat");
    if (iat instanceof Number issued && issued.longValue() > now + leeway) {
      throw new AuthException(Refusal.TOKEN_ISSUED_IN_FUTURE);
    }
    if (!policy.requiresIssuedAt()) {
      return;
    }
    if (!(iat instanceof Number issued)) {
      throw new AuthException(Refusal.IAT_MISSING);
    }
    // exp and iat both come from the issuer's clock, so the lifetime needs no leeway; the age does
    long maxLifetime = policy.maxLifetime().toSeconds();
    if (maxLifetime > 0 && exp.longValue() - issued.longValue() > maxLifetime) {
      throw new AuthException(Refusal.TOKEN_LIFETIME_TOO_LONG);
    }
    long maxAge = policy.maxAge().toSeconds();
    if (maxAge > 0 && now - issued.longValue() > maxAge + leeway) {
      throw new AuthException(Refusal.TOKEN_TOO_OLD);
    }
  }

  /**
   * ID tokens are refused wherever the issuer marks them: Cognito's {@code token_use} other than
   * {@code access}, Keycloak's {@code typ} claim other than {@code Bearer} (ID and refresh tokens),
   * and the OIDC-only claims configured in {@link JwtPolicy#idTokenClaims()} ({@code nonce},
   * {@code at_hash}, {@code c_hash}) that an access token has no reason to carry.
   */
  private boolean isIdToken(JsonObject claims) {
    Object tokenUse = claims.getValue("token_use");
    if (tokenUse != null && !"access".equals(tokenUse)) {
      return true;
    }
    Object typ = claims.getValue("typ");
    if (typ != null && !(typ instanceof String t && t.toLowerCase(Locale.ROOT).equals("bearer"))) {
      return true;
    }
    for (String marker : policy.idTokenClaims()) {
      if (claims.containsKey(marker)) {
        return true;
      }
    }
    return false;
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String s) {
      return s.equals(policy.audience());
    }
    return aud instanceof JsonArray arr && arr.contains(policy.audience());
  }

  /**
   * A list of names: a JSON array of strings, or one string separated by spaces or commas. Names that
   * are not acceptable text ({@link TextRules#isLine}) are dropped like non-strings: they match no
   * role, and roles are stored with every audit row.
   */
  private static List<String> roles(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray arr) {
      for (Object o : arr) {
        if (o instanceof String s && TextRules.isLine(s)) {
          out.add(s);
        }
      }
    } else if (value instanceof String s) {
      for (String r : s.trim().split("[\\s,]+")) {
        if (!r.isEmpty() && TextRules.isLine(r)) {
          out.add(r);
        }
      }
    }
    return out;
  }
}
