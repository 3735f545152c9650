package io.chartline.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a client may take to send a request, so that a client trickling bytes cannot hold a
 * connection open indefinitely (the idle timeout alone never fires while a byte arrives now and
 * then). Enforced by {@link ClientDeadlineGuard}.
 *
 * @param headerTimeout from the connection's opening to the complete request head (request line and
 *     headers); the connection is then closed
 * @param keepAliveTimeout from the end of a response to the complete head of the next request on the
 *     same connection; the connection is then closed
 * @param bodyGrace how long a body may arrive at any pace before the minimum rate applies
 * @param bodyMinBytesPerSecond after the grace period, a body must have arrived at this average rate
 *     (counted from the end of the grace period); 0 turns the rate check off
 * @param bodyTimeout the longest a body may take to arrive, however fast
 */
public record ClientDeadlines(Duration headerTimeout, Duration keepAliveTimeout, Duration bodyGrace,
    int bodyMinBytesPerSecond, Duration bodyTimeout) {

  /** The slowest uplink a default body deadline still serves at the upload size limit: 128 KiB/s (1 Mbit/s). */
  static final long SLOWEST_UPLINK_BYTES_PER_SECOND = 128 * 1024;

  public ClientDeadlines {
    Objects.requireNonNull(headerTimeout, "CHARTLINE_HTTP_HEADER_TIMEOUT");
    Objects.requireNonNull(keepAliveTimeout, "CHARTLINE_HTTP_KEEP_ALIVE_TIMEOUT");
    Objects.requireNonNull(bodyGrace, "CHARTLINE_HTTP_BODY_GRACE");
    Objects.requireNonNull(bodyTimeout, "CHARTLINE_HTTP_BODY_TIMEOUT");
    requireBetween("CHARTLINE_HTTP_HEADER_TIMEOUT", headerTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
    requireBetween("CHARTLINE_HTTP_KEEP_ALIVE_TIMEOUT", keepAliveTimeout, Duration.ofMillis(100), Duration.ofHours(1));
    requireBetween("CHARTLINE_HTTP_BODY_GRACE", bodyGrace, Duration.ofMillis(100), Duration.ofMinutes(10));
    RequestLimits.requireBetween("CHARTLINE_HTTP_BODY_MIN_RATE", bodyMinBytesPerSecond, 0, 100 << 20);
    if (bodyTimeout.compareTo(bodyGrace) <= 0) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_BODY_TIMEOUT (" + bodyTimeout
          + ") must be longer than CHARTLINE_HTTP_BODY_GRACE (" + bodyGrace + ")");
    }
    requireBetween("CHARTLINE_HTTP_BODY_TIMEOUT", bodyTimeout, Duration.ofMillis(200), Duration.ofDays(1));
  }

  /**
   * Head 10 s, keep-alive 15 s, bodies at least 4 KiB/s after 10 s, and a body deadline of
   * {@link #bodyTimeoutFor} the upload size limit.
   */
  public static ClientDeadlines defaults(long maxUploadBytes) {
    Duration grace = Duration.ofSeconds(10);
    return new ClientDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(15), grace, 4096,
        bodyTimeoutFor(maxUploadBytes, grace));
  }

  /**
   * @return the default body deadline: the grace period plus the time the largest accepted upload
   *     takes at {@link #SLOWEST_UPLINK_BYTES_PER_SECOND} (50 MiB: 10 s + 400 s)
   */
  public static Duration bodyTimeoutFor(long maxUploadBytes, Duration grace) {
    long seconds = (maxUploadBytes + SLOWEST_UPLINK_BYTES_PER_SECOND - 1) / SLOWEST_UPLINK_BYTES_PER_SECOND;
    return grace.plusSeconds(Math.max(1, seconds));
  }

  private static void requireBetween(String name, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
