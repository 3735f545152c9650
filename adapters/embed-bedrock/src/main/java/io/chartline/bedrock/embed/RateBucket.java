package io.chartline.bedrock.embed;

/**
 * A token bucket for one per-minute quota, refilled continuously at the allowed fraction of the
 * quota and holding at most a quarter of a second of it (at least one unit). Bursts stay small
 * against a service that counts per minute, and well inside the service's own burst allowance:
 * a burst that reaches the service later than it was sent (queued on the way, or behind the
 * service's own work) finds the service's bucket full and loses that bucket the refill of the
 * delay; the difference between the two allowances is what absorbs such delays without a throttle. Its level may go below zero: a text larger than the bucket is
 * admitted when the bucket is full and its cost is paid off before the next one. Not thread-safe;
 * {@link FairRateLimiter} guards it.
 */
final class RateBucket {

  private static final double NANOS_PER_MINUTE = 60e9;
  /** The most the bucket holds, in seconds of its rate. */
  static final double BURST_SECONDS = 0.25;

  private final double perMinute;
  private double level;
  private long updatedNanos;

  /** Starts empty at {@code nowNanos}, so a fresh process never sends more than the rate allows. */
  RateBucket(double perMinute, long nowNanos) {
    this.perMinute = perMinute;
    this.updatedNanos = nowNanos;
  }

  /** Adds what accrued since the last update at {@code fraction} of the quota. */
  void refill(long nowNanos, double fraction) {
    if (nowNanos > updatedNanos) {
      level = Math.min(capacity(fraction), level + rate(fraction) * (nowNanos - updatedNanos));
      updatedNanos = nowNanos;
    }
  }

  /** @return whether a cost of {@code amount} may be taken now (the level covers it, or the bucket is full). */
  boolean covers(double amount, double fraction) {
    return level >= Math.min(amount, capacity(fraction));
  }

  void take(double amount) {
    level -= amount;
  }

  /** Gives back {@code amount} (an over-estimate, or a call the service did not count). */
  void refund(double amount, double fraction) {
    level = Math.min(capacity(fraction), level + amount);
  }

  /** After a cut of the allowed rate: no more than the burst of the new rate is kept. */
  void clamp(double fraction) {
    level = Math.min(level, capacity(fraction));
  }

  /** @return nanoseconds until {@link #covers} holds for {@code amount}, at the current fraction. */
  long nanosUntilCovers(double amount, double fraction) {
    double missing = Math.min(amount, capacity(fraction)) - level;
    return missing <= 0 ? 0 : (long) Math.ceil(missing / rate(fraction));
  }

  double allowedPerMinute(double fraction) {
    return perMinute * fraction;
  }

  private double rate(double fraction) {
    return perMinute * fraction / NANOS_PER_MINUTE;
  }

  private double capacity(double fraction) {
    return Math.max(1, perMinute * fraction / 60 * BURST_SECONDS);
  }
}
