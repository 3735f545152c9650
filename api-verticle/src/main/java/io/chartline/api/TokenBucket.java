package io.chartline.api;

/**
 * One token bucket: {@code perSecond} tokens accrue continuously up to {@code burst}; a request
 * takes one. Time is passed in (nanoseconds on any monotonic-enough scale), so the bucket never
 * reads a clock or waits. Not thread-safe: {@link RateLimiter} guards it.
 */
final class TokenBucket {

  private final double perNano;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  TokenBucket(double perSecond, int burst, long nowNanos) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
    }
    this.perNano = perSecond / 1e9;
    this.capacity = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** @return 0 when a token was taken; otherwise how many nanoseconds until one will be available */
  long tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
  }

  /** Returns a token taken for a request that another limit then refused. */
  void giveBack() {
    tokens = Math.min(capacity, tokens + 1);
  }

  /** @return true when the bucket is full, i.e. indistinguishable from a fresh one */
  boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    // a clock that steps back adds nothing rather than removing tokens
    if (nowNanos > lastNanos) {
      tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
      lastNanos = nowNanos;
    }
  }
}
