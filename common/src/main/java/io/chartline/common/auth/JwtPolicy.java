package io.chartline.common.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a token must satisfy. {@code iss}, {@code aud} and {@code exp} are always required.
 *
 * @param algorithms allow-list; only asymmetric algorithms are supported (RS256, PS256, ES256)
 */
public record JwtPolicy(String issuer, String audience, Set<String> algorithms, Duration leeway, String tenantClaim,
    String rolesClaim, String subjectClaim, int maxTokenBytes) {

  public static final Set<String> SUPPORTED = Set.of("RS256", "PS256", "ES256");

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
  }

  public static JwtPolicy defaults(String issuer, String audience) {
    return new JwtPolicy(issuer, audience, SUPPORTED, Duration.ofSeconds(30), "tenant_id", "roles", "sub", 8192);
  }
}
