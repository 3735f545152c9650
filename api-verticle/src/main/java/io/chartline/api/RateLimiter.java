package io.chartline.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Token buckets by key (a tenant, or a tenant's user), all with the same rate and burst. Memory is
 * bounded: at most {@code maxKeys} buckets are kept, least recently used first out, and buckets that
 * have refilled completely are dropped as they age (a full bucket is the same as no bucket).
 *
 * <p>Thread-safe; shared by every API verticle instance of a process so the limit is per process,
 * not per event loop. Each call holds a monitor for a few map operations and never waits for time:
 * a refused caller is told how long to wait instead, so no event loop is ever blocked.
 */
public final class RateLimiter {

  private static final int SWEEP_EVERY = 64;
  private static final int SWEEP_MAX = 16;

  private final double perSecond;
  private final int burst;
  private final int maxKeys;
  private final Clock clock;
  private final LinkedHashMap<String, TokenBucket> buckets;
  private int callsSinceSweep;

  /**
   * @param perSecond tokens added per second, &gt; 0
   * @param burst bucket capacity, &gt;= 1
   * @param maxKeys most buckets kept at once
   * @param clock time source (injectable for tests)
   */
  public RateLimiter(double perSecond, int burst, int maxKeys, Clock clock) {
    if (perSecond <= 0 || burst < 1 || maxKeys < 1) {
      throw new IllegalArgumentException("rate limiter needs rate > 0, burst >= 1 and maxKeys >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxKeys = maxKeys;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
        return size() > RateLimiter.this.maxKeys;
      }
    };
  }

  /**
   * Takes one token from {@code key}'s bucket.
   *
   * @return {@link Duration#ZERO} when the request may proceed; otherwise how long until a token
   *     will be available (at least 1 ns)
   */
  public synchronized Duration tryAcquire(String key) {
    long now = nanos();
    sweep(now);
    TokenBucket b = buckets.get(key);
    if (b == null) {
      b = new TokenBucket(perSecond, burst, now);
      buckets.put(key, b);
    }
    return Duration.ofNanos(b.tryTake(now));
  }

  /** Gives back the token {@link #tryAcquire} took, when a later limit refused the same request. */
  public synchronized void release(String key) {
    TokenBucket b = buckets.get(key);
    if (b != null) {
      b.giveBack();
    }
  }

  /** @return how many buckets are kept now */
  public synchronized int trackedKeys() {
    return buckets.size();
  }

  /** Looks at a few buckets from the least recently used end and drops the full ones; bounded work. */
  private void sweep(long now) {
    if (++callsSinceSweep < SWEEP_EVERY) {
      return;
    }
    callsSinceSweep = 0;
    Iterator<TokenBucket> it = buckets.values().iterator();
    for (int i = 0; i < SWEEP_MAX && it.hasNext(); i++) {
      if (it.next().isFull(now)) {
        it.remove();
      }
    }
  }

  private long nanos() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
