package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chartline.bedrock.embed.FairRateLimiter.Permit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The limiter alone, on manual time: both quotas, reconciliation, AIMD, fairness, the bound and saturation. */
class FairRateLimiterTest {

  private final ManualTime time = new ManualTime();

  private FairRateLimiter limiter(int requestsPerMinute, int tokensPerMinute, int maxConcurrency, int maxQueued) {
    return new FairRateLimiter(new TitanEmbedSettings.Quota(requestsPerMinute, tokensPerMinute),
        TitanEmbedSettings.Aimd.defaults(), maxConcurrency, maxQueued, time, time);
  }

  private static List<CompletableFuture<Permit>> acquire(FairRateLimiter limiter, String lane, int count, int cost) {
    int[] costs = new int[count];
    Arrays.fill(costs, cost);
    return limiter.acquireAll(lane, costs).orElseThrow();
  }

  /** Releases every permit as soon as it is granted, as a call that succeeds at once with its estimate. */
  private static void succeedOnGrant(FairRateLimiter limiter, List<CompletableFuture<Permit>> permits) {
    permits.forEach(p -> p.thenAccept(permit -> limiter.succeeded(permit, permit.estimatedTokens())));
  }

  private static long granted(List<CompletableFuture<Permit>> permits) {
    return permits.stream().filter(CompletableFuture::isDone).count();
  }

  @Test
  void requestsAreAdmittedAtTheRequestQuotaAndNoFaster() {
    FairRateLimiter limiter = limiter(120, 1_000_000, 100, 1000);
    List<CompletableFuture<Permit>> permits = acquire(limiter, "a", 100, 10);
    succeedOnGrant(limiter, permits);

    time.advance(Duration.ofSeconds(10));
    long afterTen = granted(permits);
    time.advance(Duration.ofSeconds(20));

    assertThat(afterTen).isBetween(19L, 21L); // 2 a second, the bucket starts empty
    assertThat(granted(permits)).isBetween(59L, 61L);
  }

  @Test
  void tokensAreAdmittedAtTheTokenQuotaWhenItBinds() {
    FairRateLimiter limiter = limiter(10_000, 6_000, 100, 1000); // 100 tokens a second
    List<CompletableFuture<Permit>> permits = acquire(limiter, "a", 100, 50);
    succeedOnGrant(limiter, permits);

    time.advance(Duration.ofSeconds(10));

    assertThat(granted(permits)).isBetween(19L, 21L);
  }

  @Test
  void theModelsTokenCountReplacesTheEstimate() {
    FairRateLimiter limiter = limiter(10_000, 6_000, 100, 1000);
    List<CompletableFuture<Permit>> permits = acquire(limiter, "a", 100, 50);
    // each call really cost twice its estimate: the limiter charges the difference afterwards
    permits.forEach(p -> p.thenAccept(permit -> limiter.succeeded(permit, 100)));

    time.advance(Duration.ofSeconds(20));

    assertThat(granted(permits)).isBetween(19L, 22L); // 100 tokens a second at 100 per call
  }

  @Test
  void atMostMaxConcurrencyPermitsAreOutAtOnce() {
    FairRateLimiter limiter = limiter(60_000, 10_000_000, 4, 1000);
    List<CompletableFuture<Permit>> permits = acquire(limiter, "a", 20, 10);

    time.advance(Duration.ofSeconds(10));

    assertThat(granted(permits)).isEqualTo(4);
    assertThat(limiter.inFlight()).isEqualTo(4);
    limiter.succeeded(permits.get(0).join(), 10);
    assertThat(granted(permits)).isEqualTo(5);
  }

  @Test
  void aThrottleCutsTheRateOnceForCallsAlreadyInFlightAndSuccessGrowsItBack() {
    FairRateLimiter limiter = limiter(600, 10_000_000, 100, 1000);
    List<CompletableFuture<Permit>> first = acquire(limiter, "a", 5, 10);
    time.advance(Duration.ofSeconds(1));
    List<Permit> out = first.stream().map(CompletableFuture::join).toList();

    limiter.throttled(out.get(0));
    assertThat(limiter.allowedFraction()).isCloseTo(0.7, within(1e-9));
    limiter.throttled(out.get(1)); // admitted before the cut: no second cut
    limiter.throttled(out.get(2));
    assertThat(limiter.allowedFraction()).isCloseTo(0.7, within(1e-9));
    assertThat(limiter.allowedRequestsPerMinute()).isCloseTo(420, within(1e-6));

    CompletableFuture<Permit> later = acquire(limiter, "a", 1, 10).get(0);
    time.advance(Duration.ofSeconds(1));
    limiter.throttled(later.join()); // admitted after the cut: cuts again
    assertThat(limiter.allowedFraction()).isCloseTo(0.49, within(1e-9));

    // a steady stream of successes regains 30 % of the quota a minute
    List<CompletableFuture<Permit>> stream = acquire(limiter, "a", 900, 10);
    succeedOnGrant(limiter, stream);
    time.advance(Duration.ofSeconds(60));
    assertThat(limiter.allowedFraction()).isCloseTo(0.79, within(0.02));
    time.advance(Duration.ofSeconds(60));
    assertThat(limiter.allowedFraction()).isEqualTo(1.0);
    limiter.succeeded(out.get(3), 10);
    limiter.succeeded(out.get(4), 10);
  }

  @Test
  void theAllowedRateNeverFallsBelowTheFloor() {
    FairRateLimiter limiter = limiter(600, 10_000_000, 100, 1000);
    for (int i = 0; i < 30; i++) {
      CompletableFuture<Permit> p = acquire(limiter, "a", 1, 10).get(0);
      time.runUntil(p::isDone, Duration.ofMinutes(1));
      limiter.throttled(p.join());
    }

    assertThat(limiter.allowedFraction()).isEqualTo(0.05);
    assertThat(limiter.allowedRequestsPerMinute()).isCloseTo(30, within(1e-6));
  }

  @Test
  void aSecondTenantsSmallJobIsServedWhileTheFirstTenantsBacklogWaits() {
    FairRateLimiter limiter = limiter(60, 10_000_000, 100, 1000); // one call a second
    List<CompletableFuture<Permit>> bulk = acquire(limiter, "bulk", 300, 100);
    succeedOnGrant(limiter, bulk);
    time.advance(Duration.ofSeconds(5));
    List<CompletableFuture<Permit>> small = acquire(limiter, "small", 3, 100);
    succeedOnGrant(limiter, small);

    time.runUntil(() -> granted(small) == 3, Duration.ofMinutes(10));

    // five turns of 512 tokens each let 'bulk' through at most 5 of its 100-token calls per turn
    assertThat(granted(small)).isEqualTo(3);
    assertThat(granted(bulk)).isLessThan(25);
  }

  @Test
  void theQueueIsBoundedAndSaturationHasHysteresis() {
    FairRateLimiter limiter = limiter(60, 10_000_000, 1, 8);
    List<CompletableFuture<Permit>> waiting = new ArrayList<>(acquire(limiter, "a", 3, 10));
    assertThat(limiter.saturated()).isFalse();
    waiting.addAll(acquire(limiter, "b", 2, 10));
    assertThat(limiter.saturated()).isTrue(); // 4 of 8 wait
    CompletableFuture<Void> capacity = limiter.capacity();

    assertThat(limiter.acquireAll("c", new int[] {10, 10, 10, 10, 10})).isEmpty(); // would make 9
    assertThat(limiter.acquireRetry("c", 10)).isNotNull(); // a retry of admitted work is never refused
    succeedOnGrant(limiter, waiting);

    time.runUntil(() -> limiter.waiting() <= 3, Duration.ofMinutes(1));
    assertThat(limiter.saturated()).isTrue();
    assertThat(capacity).isNotDone();
    time.runUntil(capacity::isDone, Duration.ofMinutes(1));
    assertThat(limiter.waiting()).isLessThanOrEqualTo(2);
    assertThat(limiter.saturated()).isFalse();
  }

  @Test
  void aCancelledWaiterIsDroppedWithoutACall() {
    FairRateLimiter limiter = limiter(60, 10_000_000, 100, 100);
    List<CompletableFuture<Permit>> permits = acquire(limiter, "a", 3, 10);
    permits.get(0).cancel(false);
    succeedOnGrant(limiter, permits);

    time.advance(Duration.ofSeconds(2));

    assertThat(permits.get(1)).isCompleted();
    assertThat(permits.get(2)).isCompleted();
    assertThat(limiter.waiting()).isZero();
  }

  @Test
  void aTimerThatFiresBeforeTheClockSaysItIsDueIsReplacedNotTrusted() {
    // the scheduler runs a task on its own clock, which may run ahead of the limiter's
    List<Runnable> fired = new ArrayList<>();
    FairRateLimiter limiter = new FairRateLimiter(new TitanEmbedSettings.Quota(60, 10_000_000),
        TitanEmbedSettings.Aimd.defaults(), 10, 100, time, (delay, task) -> fired.add(task));
    List<CompletableFuture<Permit>> permits = acquire(limiter, "a", 2, 10);
    succeedOnGrant(limiter, permits);
    assertThat(fired).hasSize(1); // the bucket starts empty: one timer for the first permit

    time.advance(Duration.ofMillis(900));
    fired.remove(0).run(); // early by the limiter's clock: nothing is admitted, so it must arm again
    assertThat(granted(permits)).isZero();
    assertThat(fired).hasSize(1);

    for (int i = 0; i < 10 && granted(permits) < 2; i++) {
      time.advance(Duration.ofSeconds(1));
      if (!fired.isEmpty()) {
        fired.remove(0).run();
      }
    }
    assertThat(granted(permits)).isEqualTo(2);
  }

  @Test
  void workersOnManyThreadsShareOneLimiterWithoutLosingAPermit() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      FairRateLimiter shared = new FairRateLimiter(new TitanEmbedSettings.Quota(6_000_000, 600_000_000),
          TitanEmbedSettings.Aimd.defaults(), 8, 100_000, Clock.systemUTC(),
          (delay, task) -> timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
      AtomicInteger done = new AtomicInteger();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String lane = "tenant-" + w;
        Thread t = new Thread(() -> {
          for (int i = 0; i < 500; i++) {
            shared.acquireRetry(lane, 10).thenAccept(p -> {
              shared.succeeded(p, 12);
              done.incrementAndGet();
            });
          }
        });
        t.start();
        workers.add(t);
      }
      for (Thread t : workers) {
        t.join();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (done.get() < 2000 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }

      assertThat(done.get()).isEqualTo(2000);
      assertThat(shared.inFlight()).isZero();
      assertThat(shared.waiting()).isZero();
    } finally {
      timer.shutdownNow();
    }
  }
}
