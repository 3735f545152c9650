package io.chartline.bedrock.embed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits model calls under a requests-per-minute and a tokens-per-minute quota, one instance per
 * process shared by every embed worker, fair between tenants:
 * <ul>
 *   <li>each call holds a {@link Permit} from admission to its outcome; at most
 *       {@code maxConcurrency} are out at once;
 *   <li>tokens are charged at admission from an estimate and reconciled with the count the model
 *       reports ({@link #succeeded}); a throttled or failed call gives its tokens back;
 *   <li>both quotas are scaled by an {@link AimdRate} fraction: cut on a throttle, regrown on success;
 *   <li>waiting calls are served by {@link FairQueue} (deficit round robin on estimated tokens, a
 *       lane per tenant), so a tenant's bulk load cannot starve another tenant's small job;
 *   <li>the queue is bounded ({@code maxQueued}); {@link #saturated()} turns true at half of it and
 *       false again at a quarter, when {@link #capacity()} completes, so a consumer can pause its
 *       partitions instead of queueing in memory.
 * </ul>
 * Thread-safe. Futures are completed outside the lock, on whichever thread released capacity or
 * ran the refill timer.
 */
public final class FairRateLimiter {

  /** Credit per turn in the round robin between tenants, in estimated tokens (about two chunks). */
  static final int QUANTUM_TOKENS = 512;

  /** A granted call. Release it exactly once, through one of the outcome methods. */
  public static final class Permit {
    private final long admission;
    private final int estimatedTokens;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(long admission, int estimatedTokens) {
      this.admission = admission;
      this.estimatedTokens = estimatedTokens;
    }

    /** @return the tokens charged for the call at admission. */
    public int estimatedTokens() {
      return estimatedTokens;
    }
  }

  private static final class Waiter {
    final CompletableFuture<Permit> granted = new CompletableFuture<>();
  }

  private record Grant(Waiter waiter, Permit permit) {
  }

  private final TitanEmbedSettings.Quota quota;
  private final int maxConcurrency;
  private final int maxQueued;
  private final Clock clock;
  private final Timers timers;
  private final AimdRate aimd;
  private final RateBucket requests;
  private final RateBucket tokens;
  private final FairQueue<Waiter> queue = new FairQueue<>(QUANTUM_TOKENS, w -> w.granted.isDone());
  private final List<CompletableFuture<Void>> capacityWaiters = new ArrayList<>();
  private int inFlight;
  private long admissions;
  private long timerDueNanos = Long.MAX_VALUE;
  private boolean saturated;
  private boolean closed;

  public FairRateLimiter(TitanEmbedSettings.Quota quota, TitanEmbedSettings.Aimd aimd, int maxConcurrency,
      int maxQueued, Clock clock, Timers timers) {
    this.quota = Objects.requireNonNull(quota, "quota");
    this.aimd = new AimdRate(Objects.requireNonNull(aimd, "aimd"));
    if (maxConcurrency < 1 || maxQueued < 1) {
      throw new IllegalArgumentException("maxConcurrency and maxQueued must be at least 1");
    }
    this.maxConcurrency = maxConcurrency;
    this.maxQueued = maxQueued;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timers = Objects.requireNonNull(timers, "timers");
    long now = nanos();
    this.requests = new RateBucket(quota.requestsPerMinute(), now);
    this.tokens = new RateBucket(quota.tokensPerMinute(), now);
  }

  /**
   * Queues one call per cost in {@code lane}, all or none: refused when others already wait and
   * these would take the queue past its bound.
   *
   * @param lane the tenant (or another fairness key)
   * @param costs estimated tokens of each call
   * @return one future per cost, completing with its permit (or failing with
   *     {@link IllegalStateException} after {@link #close()}); empty when refused
   */
  public Optional<List<CompletableFuture<Permit>>> acquireAll(String lane, int[] costs) {
    List<CompletableFuture<Permit>> futures = new ArrayList<>(costs.length);
    List<Grant> grants;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the embedder is closed");
      }
      if (queue.size() > 0 && queue.size() + costs.length > maxQueued) {
        return Optional.empty();
      }
      for (int cost : costs) {
        futures.add(enqueue(lane, cost));
      }
      grants = drain();
    }
    complete(grants);
    return Optional.of(futures);
  }

  /** Queues a retry of a call already admitted once; retries are not refused, so no admitted work is lost. */
  public CompletableFuture<Permit> acquireRetry(String lane, int cost) {
    CompletableFuture<Permit> future;
    List<Grant> grants;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("the embedder is closed"));
      }
      future = enqueue(lane, cost);
      grants = drain();
    }
    complete(grants);
    return future;
  }

  /** The call succeeded: its token charge becomes {@code actualTokens} (kept as estimated when negative, unknown). */
  public void succeeded(Permit permit, int actualTokens) {
    release(permit, () -> {
      double f = aimd.fraction();
      if (actualTokens >= 0) {
        double difference = actualTokens - permit.estimatedTokens;
        if (difference > 0) {
          tokens.take(difference);
        } else {
          tokens.refund(-difference, f);
        }
      }
      aimd.succeeded(nanos());
    });
  }

  /** The service throttled the call: its tokens are given back and the allowed rate may be cut. */
  public void throttled(Permit permit) {
    release(permit, () -> {
      tokens.refund(permit.estimatedTokens, aimd.fraction());
      if (aimd.throttled(permit.admission, admissions)) {
        requests.clamp(aimd.fraction());
        tokens.clamp(aimd.fraction());
      }
    });
  }

  /** The call failed otherwise: its tokens are given back, the request stays counted. */
  public void failed(Permit permit) {
    release(permit, () -> tokens.refund(permit.estimatedTokens, aimd.fraction()));
  }

  /** The call was never sent (the circuit is open, or its caller gave up): both charges are given back. */
  public void unused(Permit permit) {
    release(permit, () -> {
      requests.refund(1, aimd.fraction());
      tokens.refund(permit.estimatedTokens, aimd.fraction());
    });
  }

  /** @return whether at least half of the waiting bound is used (until it drains to a quarter). */
  public synchronized boolean saturated() {
    return saturated;
  }

  /** @return a future that completes once the limiter is not {@link #saturated()} (at once when it is not). */
  public CompletableFuture<Void> capacity() {
    synchronized (this) {
      if (saturated && !closed) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        capacityWaiters.add(f);
        return f;
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  /** @return the allowed rate as a fraction of the quota, in {@code [floor, 1]}. */
  public synchronized double allowedFraction() {
    return aimd.fraction();
  }

  public synchronized double allowedRequestsPerMinute() {
    return requests.allowedPerMinute(aimd.fraction());
  }

  public synchronized double allowedTokensPerMinute() {
    return tokens.allowedPerMinute(aimd.fraction());
  }

  /** @return calls holding a permit. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** @return calls waiting for a permit. */
  public synchronized int waiting() {
    return queue.size();
  }

  /** @return the quota the allowed rate is a fraction of. */
  public TitanEmbedSettings.Quota quota() {
    return quota;
  }

  /** Fails every waiting call with {@link IllegalStateException}; later acquisitions fail the same way. */
  public void close() {
    List<Waiter> dropped;
    List<CompletableFuture<Void>> waiters;
    synchronized (this) {
      closed = true;
      dropped = queue.drainAll();
      waiters = List.copyOf(capacityWaiters);
      capacityWaiters.clear();
    }
    dropped.forEach(w -> w.granted.completeExceptionally(new IllegalStateException("the embedder is closed")));
    waiters.forEach(w -> w.complete(null));
  }

  private CompletableFuture<Permit> enqueue(String lane, int cost) {
    Waiter w = new Waiter();
    queue.add(lane, w, cost);
    return w.granted;
  }

  private void release(Permit permit, Runnable settle) {
    if (!permit.released.compareAndSet(false, true)) {
      throw new IllegalStateException("permit released twice");
    }
    List<Grant> grants;
    synchronized (this) {
      long now = nanos();
      requests.refill(now, aimd.fraction());
      tokens.refill(now, aimd.fraction());
      inFlight--;
      settle.run();
      grants = drain();
    }
    complete(grants);
  }

  /** Admits what the buckets and the concurrency bound allow; arms a timer for the rest. Holds the lock. */
  private List<Grant> drain() {
    long now = nanos();
    double f = aimd.fraction();
    requests.refill(now, f);
    tokens.refill(now, f);
    List<Grant> grants = new ArrayList<>();
    while (!closed && inFlight < maxConcurrency && queue.peek() != null) {
      int cost = queue.peekCost();
      if (!requests.covers(1, f) || !tokens.covers(cost, f)) {
        arm(now, Math.max(requests.nanosUntilCovers(1, f), tokens.nanosUntilCovers(cost, f)));
        break;
      }
      Waiter w = queue.poll();
      requests.take(1);
      tokens.take(cost);
      inFlight++;
      grants.add(new Grant(w, new Permit(admissions++, cost)));
    }
    updateSaturation();
    return grants;
  }

  private void arm(long now, long delayNanos) {
    long due = now + Math.max(1, delayNanos);
    if (timerDueNanos <= due && timerDueNanos > now) {
      return; // an earlier timer will drain and re-arm
    }
    timerDueNanos = due;
    timers.schedule(Duration.ofNanos(due - now), () -> onTimer(due));
  }

  /**
   * The timer armed for {@code due} fired. It stops being the armed one even when the clock reads a
   * little before {@code due} (a scheduler's clock and {@link #clock} may disagree): otherwise the next
   * {@link #arm} would trust a timer that has already run, and the waiters would stall.
   */
  private void onTimer(long due) {
    List<Grant> grants;
    synchronized (this) {
      if (timerDueNanos == due) {
        timerDueNanos = Long.MAX_VALUE;
      }
      grants = drain();
    }
    complete(grants);
  }

  private void updateSaturation() {
    int size = queue.size();
    if (!saturated && size >= Math.max(1, maxQueued / 2)) {
      saturated = true;
    } else if (saturated && size <= maxQueued / 4) {
      saturated = false;
    }
  }

  private void complete(List<Grant> grants) {
    for (Grant g : grants) {
      if (!g.waiter.granted.complete(g.permit)) {
        unused(g.permit); // its caller gave up while it waited
      }
    }
    List<CompletableFuture<Void>> ready = List.of();
    synchronized (this) {
      if (!saturated && !capacityWaiters.isEmpty()) {
        ready = List.copyOf(capacityWaiters);
        capacityWaiters.clear();
      }
    }
    ready.forEach(f -> f.complete(null));
  }

  private long nanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
