package io.chartline.ingest.schedule;

import io.chartline.common.tenant.TenantId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Waiting jobs kept in one FIFO per tenant. The next job goes to the tenant served least recently
 * among those below their cap of running jobs (ties: the tenant that queued first), so tenants
 * take turns and one that queued a long backlog first gets one turn like any other: a newcomer
 * is served next. Bounded: {@link #offer} refuses a job once {@code capacity} are waiting. Not
 * thread-safe; {@link ParseScheduler} guards it.
 *
 * @param <T> the job type
 */
final class FairQueue<T> {

  /** A job handed out, with the tenant that now runs it until {@link #done(TenantId)}. */
  record Next<T>(TenantId tenant, T job) {
  }

  /** One tenant's waiting jobs and how many it runs; kept only while it has either. */
  private static final class Lane<T> {
    final Deque<T> waiting = new ArrayDeque<>();
    int running;
    long lastTurn;
  }

  private final int capacity;
  private final int maxRunningPerTenant;
  /** In the order tenants became active, which breaks ties between tenants never served. */
  private final Map<TenantId, Lane<T>> lanes = new LinkedHashMap<>();
  private long turns;
  private int size;

  FairQueue(int capacity, int maxRunningPerTenant) {
    if (capacity < 1 || maxRunningPerTenant < 1) {
      throw new IllegalArgumentException("capacity and maxRunningPerTenant must be >= 1");
    }
    this.capacity = capacity;
    this.maxRunningPerTenant = maxRunningPerTenant;
  }

  /** @return false, keeping nothing, when {@code capacity} jobs are already waiting */
  boolean offer(TenantId tenant, T job) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(job, "job");
    if (size >= capacity) {
      return false;
    }
    lanes.computeIfAbsent(tenant, t -> new Lane<>()).waiting.addLast(job);
    size++;
    return true;
  }

  /**
   * @return the oldest job of the least recently served tenant that runs fewer than its cap,
   *     counted as running for that tenant; null when nothing waits or every waiting tenant is at its cap
   */
  Next<T> poll() {
    TenantId chosen = null;
    Lane<T> best = null;
    for (Map.Entry<TenantId, Lane<T>> e : lanes.entrySet()) {
      Lane<T> lane = e.getValue();
      if (!lane.waiting.isEmpty() && lane.running < maxRunningPerTenant
          && (best == null || lane.lastTurn < best.lastTurn)) {
        chosen = e.getKey();
        best = lane;
      }
    }
    if (best == null) {
      return null;
    }
    size--;
    best.running++;
    best.lastTurn = ++turns;
    return new Next<>(chosen, best.waiting.pollFirst());
  }

  /** One of {@code tenant}'s jobs handed out by {@link #poll()} has finished. */
  void done(TenantId tenant) {
    Lane<T> lane = lanes.get(tenant);
    if (lane == null) {
      return;
    }
    lane.running = Math.max(0, lane.running - 1);
    if (lane.running == 0 && lane.waiting.isEmpty()) {
      lanes.remove(tenant);
    }
  }

  /** @return jobs waiting, all tenants together */
  int waiting() {
    return size;
  }

  /** @return jobs of {@code tenant} handed out and not yet done */
  int running(TenantId tenant) {
    Lane<T> lane = lanes.get(tenant);
    return lane == null ? 0 : lane.running;
  }
}
