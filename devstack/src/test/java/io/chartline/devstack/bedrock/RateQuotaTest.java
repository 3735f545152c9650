package io.chartline.devstack.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The quota buckets, on a hand-driven clock. */
class RateQuotaTest {

  private final AtomicLong nanos = new AtomicLong();

  @Test
  void requestsPerMinuteRefuseTheCallBeyondTheBurstUntilTheBucketRefills() {
    RateQuota quota = new RateQuota(nanos::get, 60, 0, Duration.ofSeconds(1));

    assertThat(quota.tryAcquire(10)).isNull();
    assertThat(quota.tryAcquire(10)).isEqualTo(RateQuota.Refusal.REQUESTS);
    advance(Duration.ofMillis(999));
    assertThat(quota.tryAcquire(10)).isEqualTo(RateQuota.Refusal.REQUESTS);
    advance(Duration.ofMillis(1));
    assertThat(quota.tryAcquire(10)).isNull();
  }

  @Test
  void aLargeCallIsAdmittedIntoDebtAndTheNextWaitsUntilItIsPaidOff() {
    RateQuota quota = new RateQuota(nanos::get, 0, 600, Duration.ofSeconds(1));

    assertThat(quota.tryAcquire(25)).as("bigger than the bucket, yet never refused forever").isNull();
    advance(Duration.ofMillis(1500));
    assertThat(quota.tryAcquire(1)).as("15 tokens of debt take 1.5 s at 10 tokens/s").isEqualTo(RateQuota.Refusal.TOKENS);
    advance(Duration.ofMillis(100));
    assertThat(quota.tryAcquire(1)).isNull();
  }

  @Test
  void overAMinuteTheAdmittedRateIsTheQuotaPlusOneBurst() {
    RateQuota quota = new RateQuota(nanos::get, 600, 0, Duration.ofSeconds(1));
    int admitted = 0;
    for (int step = 0; step < 6000; step++) {
      if (quota.tryAcquire(1) == null) {
        admitted++;
      }
      advance(Duration.ofMillis(10));
    }
    assertThat(admitted).isBetween(600 + 10 - 1, 600 + 10 + 1);
  }

  @Test
  void refusedCallsTakeNothingAndReconfiguringRefillsTheBuckets() {
    RateQuota quota = new RateQuota(nanos::get, 60, 60, Duration.ofSeconds(1));
    assertThat(quota.tryAcquire(1)).isNull();
    for (int i = 0; i < 100; i++) {
      assertThat(quota.tryAcquire(1)).isNotNull();
    }
    advance(Duration.ofSeconds(1));
    assertThat(quota.tryAcquire(1)).as("refusals did not dig the bucket deeper").isNull();

    quota.configure(0, 0, Duration.ofSeconds(1));
    for (int i = 0; i < 1000; i++) {
      assertThat(quota.tryAcquire(1_000)).isNull();
    }
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
