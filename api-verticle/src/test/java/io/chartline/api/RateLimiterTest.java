package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Token buckets by key: burst, refill, independence of keys, bounded memory; time from an injected clock. */
class RateLimiterTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void aKeyGetsItsBurstThenWaitsForTheRefill() {
    RateLimiter limiter = new RateLimiter(2, 3, 100, clock);

    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("a")).as("request " + i).isZero();
    }
    Duration wait = limiter.tryAcquire("a");

    // 2 tokens per second: the next one is half a second away
    assertThat(wait).isEqualTo(Duration.ofMillis(500));
    clock.advance(Duration.ofMillis(499));
    assertThat(limiter.tryAcquire("a")).isPositive();
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isPositive();
  }

  @Test
  void refillNeverExceedsTheBurst() {
    RateLimiter limiter = new RateLimiter(10, 2, 100, clock);
    limiter.tryAcquire("a");
    clock.advance(Duration.ofHours(1));

    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isPositive();
  }

  @Test
  void oneExhaustedKeyDoesNotAffectAnother() {
    RateLimiter limiter = new RateLimiter(1, 1, 100, clock);

    assertThat(limiter.tryAcquire("tenant-a")).isZero();
    assertThat(limiter.tryAcquire("tenant-a")).isPositive();
    assertThat(limiter.tryAcquire("tenant-b")).isZero();
  }

  @Test
  void aReleasedTokenCanBeTakenAgain() {
    RateLimiter limiter = new RateLimiter(1, 1, 100, clock);
    limiter.tryAcquire("a");
    limiter.release("a");

    assertThat(limiter.tryAcquire("a")).isZero();
  }

  @Test
  void aClockSteppingBackAddsNoTokens() {
    RateLimiter limiter = new RateLimiter(1, 1, 100, clock);
    limiter.tryAcquire("a");
    clock.advance(Duration.ofSeconds(-30));

    assertThat(limiter.tryAcquire("a")).isPositive();
  }

  @Test
  void memoryStaysBoundedUnderManyKeysAndFullBucketsAreDropped() {
    RateLimiter limiter = new RateLimiter(100, 5, 50, clock);
    for (int i = 0; i < 10_000; i++) {
      limiter.tryAcquire("key-" + i);
    }
    assertThat(limiter.trackedKeys()).isEqualTo(50);

    // once every bucket has refilled, sweeps drop them as traffic goes on
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 64 * 10; i++) {
      limiter.tryAcquire("steady");
    }
    assertThat(limiter.trackedKeys()).isLessThan(50);
  }
}
