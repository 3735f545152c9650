package io.chartline.devstack.bedrock;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Requests-per-minute and tokens-per-minute quotas as two token buckets refilled continuously at
 * quota/60 per second, each holding at most {@code burst} worth of its quota (at least one request).
 * A call is admitted while a request is available and the token bucket is not in debt; its tokens
 * are then taken even when that drives the bucket below zero, so one large call is never refused
 * forever and the long-run rate still equals the quota.
 *
 * <p>Thread-safe; the clock is injected (nanoseconds) so tests need no sleeps.
 */
final class RateQuota {

  private static final double NANOS_PER_MINUTE = 60e9;

  /** Why a call was refused. */
  enum Refusal {
    REQUESTS("Too many requests, please wait before trying again."),
    TOKENS("Too many tokens, please wait before trying again.");

    private final String message;

    Refusal(String message) {
      this.message = message;
    }

    /** The {@code ThrottlingException} Bedrock answers with. */
    BedrockError error() {
      return new BedrockError(BedrockError.Type.THROTTLING, message);
    }
  }

  private final LongSupplier nanos;
  private long requestsPerMinute;
  private long tokensPerMinute;
  private double requestCapacity;
  private double tokenCapacity;
  private double requests;
  private double tokens;
  private long last;

  RateQuota(LongSupplier nanos, long requestsPerMinute, long tokensPerMinute, Duration burst) {
    this.nanos = nanos;
    this.last = nanos.getAsLong();
    configure(requestsPerMinute, tokensPerMinute, burst);
  }

  /** New quotas (0: no limit); both buckets start full. */
  synchronized void configure(long requestsPerMinute, long tokensPerMinute, Duration burst) {
    double share = burst.toNanos() / NANOS_PER_MINUTE;
    this.requestsPerMinute = requestsPerMinute;
    this.tokensPerMinute = tokensPerMinute;
    this.requestCapacity = Math.max(1, requestsPerMinute * share);
    this.tokenCapacity = Math.max(1, tokensPerMinute * share);
    this.requests = requestCapacity;
    this.tokens = tokenCapacity;
    this.last = nanos.getAsLong();
  }

  /**
   * Admits a call of {@code callTokens} tokens, or says which quota it would exceed; a refused call
   * takes nothing.
   */
  synchronized Refusal tryAcquire(long callTokens) {
    refill();
    if (requestsPerMinute > 0 && requests < 1) {
      return Refusal.REQUESTS;
    }
    if (tokensPerMinute > 0 && tokens <= 0) {
      return Refusal.TOKENS;
    }
    if (requestsPerMinute > 0) {
      requests -= 1;
    }
    if (tokensPerMinute > 0) {
      tokens -= callTokens;
    }
    return null;
  }

  private void refill() {
    long now = nanos.getAsLong();
    long elapsed = Math.max(0, now - last);
    last = now;
    requests = Math.min(requestCapacity, requests + elapsed * requestsPerMinute / NANOS_PER_MINUTE);
    tokens = Math.min(tokenCapacity, tokens + elapsed * tokensPerMinute / NANOS_PER_MINUTE);
  }
}
