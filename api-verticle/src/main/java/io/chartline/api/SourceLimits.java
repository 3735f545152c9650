package io.chartline.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Limits on what unauthenticated requests from one source address may cost: a token bucket per
 * address for requests that end unauthenticated (no token, or one that fails verification), and one
 * aggregated audit event per address and window for repeated failures. Enforced by
 * {@link AuthRefusals}.
 *
 * @param perSecond sustained unauthenticated requests per second per source; 0 turns the limit off
 * @param burst bucket capacity per source
 * @param maxSources most sources tracked at once, by the limit and by each window of failure audit
 * @param auditWindow how long repeated failures from one source are gathered into one audit event
 * @param trustedProxies addresses or CIDR ranges of proxies whose {@code X-Forwarded-For} is believed;
 *     empty: the connection's own peer address is the source
 */
public record SourceLimits(double perSecond, int burst, int maxSources, Duration auditWindow,
    List<String> trustedProxies) {

  public SourceLimits {
    Objects.requireNonNull(auditWindow, "CHARTLINE_AUDIT_AUTH_FAILURE_WINDOW");
    Objects.requireNonNull(trustedProxies, "CHARTLINE_HTTP_TRUSTED_PROXIES");
    if (!(perSecond >= 0 && perSecond <= 1_000_000)) {
      throw new IllegalArgumentException("CHARTLINE_RATE_UNAUTHENTICATED_RPS must be between 0 (off) and 1000000, got "
          + perSecond);
    }
    RequestLimits.requireBetween("CHARTLINE_RATE_UNAUTHENTICATED_BURST", burst, 1, 10_000_000);
    RequestLimits.requireBetween("CHARTLINE_RATE_MAX_SOURCES", maxSources, 16, 10_000_000);
    if (auditWindow.toMillis() < 100 || auditWindow.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("CHARTLINE_AUDIT_AUTH_FAILURE_WINDOW must be between 100ms and 1h, got "
          + auditWindow);
    }
    trustedProxies = List.copyOf(trustedProxies);
    // fails naming the setting when an entry is not an address or CIDR range
    new ClientAddresses(trustedProxies);
  }

  /** 10 per second with bursts of 100 per source, 10,000 sources, 60 s audit windows, no trusted proxies. */
  public static SourceLimits defaults() {
    return new SourceLimits(10, 100, 10_000, Duration.ofSeconds(60), List.of());
  }

  public boolean limited() {
    return perSecond > 0;
  }
}
