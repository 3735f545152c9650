package io.chartline.jwt;

import io.chartline.common.auth.Refusal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a token must satisfy. {@code iss}, the audience claim and {@code exp} are always required.
 * Claim names are looked up exactly first, then as a dotted path (see {@link ClaimPath}).
 *
 * @param algorithms allow-list; only asymmetric algorithms are supported (RS256, PS256, ES256)
 * @param leeway clock skew allowed on {@code exp}, {@code nbf} and {@code iat}
 * @param audienceClaim where the audience is ({@code aud}; Cognito access tokens carry {@code client_id})
 * @param tokenTypes JOSE header {@code typ} values accepted besides an absent one; compared
 *     case-insensitively with any {@code application/} prefix removed (RFC 7515 4.1.9)
 * @param idTokenClaims claims whose presence marks an ID token ({@code nonce}, {@code at_hash},
 *     {@code c_hash} by default); such tokens are refused
 * @param patientClaim where the patient the token is about is ({@code patient_id}; SMART on FHIR
 *     launch context uses {@code patient})
 * @param scopeClaim where the token's scopes are ({@code scope}, a space-separated string; Okta and
 *     Entra ID use {@code scp}, also as an array)
 * @param maxLifetime the longest lifetime ({@code exp - iat}) a token may have; {@link Duration#ZERO}
 *     turns the check off. Bounds how long a leaked token stays useful, whatever its issuer signed
 * @param maxAge the longest time since {@code iat} (plus leeway) a token is still accepted, however
 *     late its {@code exp}; {@link Duration#ZERO} turns the check off. While either maximum is on,
 *     a token without a numeric {@code iat} is refused ({@link Refusal#IAT_MISSING}): without it
 *     neither can be checked
 */
public record JwtPolicy(String issuer, String audience, Set<String> algorithms, Duration leeway, String tenantClaim,
    String rolesClaim, String subjectClaim, int maxTokenBytes, String audienceClaim, Set<String> tokenTypes,
    Set<String> idTokenClaims, String patientClaim, String scopeClaim, Duration maxLifetime, Duration maxAge) {

  public static final Set<String> SUPPORTED = Set.of("RS256", "PS256", "ES256");
  public static final Set<String> DEFAULT_TOKEN_TYPES = Set.of("JWT", "at+jwt");
  public static final Set<String> DEFAULT_ID_TOKEN_CLAIMS = Set.of("nonce", "at_hash", "c_hash");
  /** Default {@link #maxLifetime()}: 12 hours, a working shift; issuers' access tokens mostly live 1 hour. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);
  /** Default {@link #maxAge()}: 24 hours since {@code iat}. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
  /** The largest value either maximum accepts. */
  public static final Duration LONGEST_LIMIT = Duration.ofDays(30);

  public JwtPolicy {
    Objects.requireNonNull(issuer, "CHARTLINE_AUTH_ISSUER");
    Objects.requireNonNull(audience, "CHARTLINE_AUTH_AUDIENCE");
    algorithms = Set.copyOf(algorithms);
    if (algorithms.isEmpty() || !SUPPORTED.containsAll(algorithms)) {
      throw new IllegalArgumentException("CHARTLINE_AUTH_ALGORITHMS must be a non-empty subset of " + SUPPORTED);
    }
    if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("CHARTLINE_AUTH_LEEWAY must be between 0 and 5 minutes");
    }
    if (maxTokenBytes < 512) {
      throw new IllegalArgumentException("auth.maxTokenBytes must be >= 512");
    }
    requireName(tenantClaim, "CHARTLINE_AUTH_TENANT_CLAIM");
    requireName(rolesClaim, "CHARTLINE_AUTH_ROLES_CLAIM");
    requireName(subjectClaim, "CHARTLINE_AUTH_SUBJECT_CLAIM");
    requireName(audienceClaim, "CHARTLINE_AUTH_AUDIENCE_CLAIM");
    requireName(patientClaim, "CHARTLINE_AUTH_PATIENT_CLAIM");
    requireName(scopeClaim, "CHARTLINE_AUTH_SCOPE_CLAIM");
    Set<String> types = new HashSet<>();
    for (String t : tokenTypes) {
      types.add(normalizeType(t));
    }
    tokenTypes = Set.copyOf(types);
    idTokenClaims = Set.copyOf(idTokenClaims);
    requireLimit(maxLifetime, "CHARTLINE_AUTH_MAX_TOKEN_LIFETIME");
    requireLimit(maxAge, "CHARTLINE_AUTH_MAX_TOKEN_AGE");
  }

  /** A policy with the default lifetime limits ({@link #DEFAULT_MAX_LIFETIME}, {@link #DEFAULT_MAX_AGE}). */
  public JwtPolicy(String issuer, String audience, Set<String> algorithms, Duration leeway, String tenantClaim,
      String rolesClaim, String subjectClaim, int maxTokenBytes, String audienceClaim, Set<String> tokenTypes,
      Set<String> idTokenClaims, String patientClaim, String scopeClaim) {
    this(issuer, audience, algorithms, leeway, tenantClaim, rolesClaim, subjectClaim, maxTokenBytes, audienceClaim,
        tokenTypes, idTokenClaims, patientClaim, scopeClaim, DEFAULT_MAX_LIFETIME, DEFAULT_MAX_AGE);
  }

  /** A policy with the default patient ({@code patient_id}) and scope ({@code scope}) claims. */
  public JwtPolicy(String issuer, String audience, Set<String> algorithms, Duration leeway, String tenantClaim,
      String rolesClaim, String subjectClaim, int maxTokenBytes, String audienceClaim, Set<String> tokenTypes,
      Set<String> idTokenClaims) {
    this(issuer, audience, algorithms, leeway, tenantClaim, rolesClaim, subjectClaim, maxTokenBytes, audienceClaim,
        tokenTypes, idTokenClaims, "patient_id", "scope");
  }

  /**
   * The defaults: all supported algorithms, 30 s leeway, {@code tenant_id}/{@code roles}/{@code sub}, 8 KB,
   * lifetime at most 12 h and age at most 24 h.
   */
  public static JwtPolicy defaults(String issuer, String audience) {
    return new JwtPolicy(issuer, audience, SUPPORTED, Duration.ofSeconds(30), "tenant_id", "roles", "sub", 8192,
        "aud", DEFAULT_TOKEN_TYPES, DEFAULT_ID_TOKEN_CLAIMS);
  }

  /** @return true when a lifetime or age limit is on, so tokens must carry {@code iat} */
  public boolean requiresIssuedAt() {
    return !maxLifetime.isZero() || !maxAge.isZero();
  }

  /** @return true when a JOSE header {@code typ} of {@code value} (null: absent) is acceptable. */
  public boolean acceptsType(String value) {
    return value == null || tokenTypes.contains(normalizeType(value));
  }

  private static String normalizeType(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    return t.startsWith("application/") ? t.substring("application/".length()) : t;
  }

  private static void requireLimit(Duration limit, String variable) {
    Objects.requireNonNull(limit, variable);
    if (limit.isNegative() || limit.compareTo(LONGEST_LIMIT) > 0) {
      throw new IllegalArgumentException(variable + " must be between 0 (off) and " + LONGEST_LIMIT.toDays()
          + "d, got " + limit);
    }
  }

  private static void requireName(String name, String variable) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(variable + " must name a claim");
    }
  }
}
