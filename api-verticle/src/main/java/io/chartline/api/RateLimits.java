package io.chartline.api;

/**
 * Request rate limits, each a token bucket: {@code perSecond} tokens are added per second up to
 * {@code burst}; a request takes one. A rate of 0 turns that limit off.
 *
 * @param tenantPerSecond sustained requests per second for all users of one tenant together
 * @param tenantBurst requests one tenant may make at once after a quiet period
 * @param userPerSecond sustained requests per second for one user (subject) of a tenant
 * @param userBurst requests one user may make at once after a quiet period
 * @param maxTrackedKeys buckets kept in memory per limit; the least recently used is dropped beyond it
 */
public record RateLimits(double tenantPerSecond, int tenantBurst, double userPerSecond, int userBurst,
    int maxTrackedKeys) {

  public RateLimits {
    check("CHARTLINE_RATE_TENANT", tenantPerSecond, tenantBurst);
    check("CHARTLINE_RATE_USER", userPerSecond, userBurst);
    RequestLimits.requireBetween("CHARTLINE_RATE_MAX_KEYS", maxTrackedKeys, 16, 10_000_000);
  }

  /** Tenant 200/s (burst 400), user 100/s (burst 300), 100,000 tracked keys per limit. */
  public static RateLimits defaults() {
    return new RateLimits(200, 400, 100, 300, 100_000);
  }

  /** No limits (for tests that measure something else). */
  public static RateLimits off() {
    return new RateLimits(0, 1, 0, 1, 16);
  }

  public boolean tenantLimited() {
    return tenantPerSecond > 0;
  }

  public boolean userLimited() {
    return userPerSecond > 0;
  }

  private static void check(String prefix, double perSecond, int burst) {
    if (!(perSecond >= 0 && perSecond <= 1_000_000)) {
      throw new IllegalArgumentException(prefix + "_RPS must be between 0 (off) and 1000000, got " + perSecond);
    }
    if (burst < 1 || burst > 10_000_000) {
      throw new IllegalArgumentException(prefix + "_BURST must be between 1 and 10000000, got " + burst);
    }
  }
}
