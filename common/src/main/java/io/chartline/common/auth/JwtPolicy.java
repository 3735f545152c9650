package io.chartline.common.auth;

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
 */
public record JwtPolicy(String issuer, String audience, Set<String> algorithms, Duration leeway, String tenantClaim,
    String rolesClaim, String subjectClaim, int maxTokenBytes, String audienceClaim, Set<String> tokenTypes,
    Set<String> idTokenClaims, String patientClaim, String scopeClaim) {

  public static final Set<String> SUPPORTED = Set.of("RS256", "PS256", "ES256");
  public static final Set<String> DEFAULT_TOKEN_TYPES = Set.of("JWT", "at+jwt");
  public static final Set<String> DEFAULT_ID_TOKEN_CLAIMS = Set.of("nonce", "at_hash", "c_hash");

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
  }

  /** A policy with the default patient ({@code patient_id}) and scope ({@code scope}) claims. */
  public JwtPolicy(String issuer, String audience, Set<String> algorithms, Duration leeway, String tenantClaim,
      String rolesClaim, String subjectClaim, int maxTokenBytes, String audienceClaim, Set<String> tokenTypes,
      Set<String> idTokenClaims) {
    this(issuer, audience, algorithms, leeway, tenantClaim, rolesClaim, subjectClaim, maxTokenBytes, audienceClaim,
        tokenTypes, idTokenClaims, "patient_id", "scope");
  }

  /** The defaults: all supported algorithms, 30 s leeway, {@code tenant_id}/{@code roles}/{@code sub}, 8 KB. */
  public static JwtPolicy defaults(String issuer, String audience) {
    return new JwtPolicy(issuer, audience, SUPPORTED, Duration.ofSeconds(30), "tenant_id", "roles", "sub", 8192,
        "aud", DEFAULT_TOKEN_TYPES, DEFAULT_ID_TOKEN_CLAIMS);
  }

  /** @return true when a JOSE header {@code typ} of {@code value} (null: absent) is acceptable. */
  public boolean acceptsType(String value) {
    return value == null || tokenTypes.contains(normalizeType(value));
  }

  private static String normalizeType(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    return t.startsWith("application/") ? t.substring("application/".length()) : t;
  }

  private static void requireName(String name, String variable) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(variable + " must name a claim");
    }
  }
}
