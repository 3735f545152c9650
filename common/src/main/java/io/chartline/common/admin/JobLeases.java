package io.chartline.common.admin;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Leases on resumable jobs: a job is worked by the node that holds its lease, which each step
 * renews; when the holder stops (it releases its leases) or dies (the lease lapses), any node can
 * claim the job and resume it.
 *
 * @param <J> what the store records of a job
 */
public interface JobLeases<J> {

  /**
   * Takes or renews this node's lease of a job for {@code lease}.
   *
   * @return the job with the lease held by this node; empty when the job is finished (not in a
   *     workable state) or another live node holds it
   */
  Future<Optional<J>> claim(TenantId tenant, UUID jobId, Duration lease);

  /** Forgets a job this node no longer works on (finished, or paused with its lease released). */
  void forget(UUID jobId);

  /** Gives up every lease this node holds (on shutdown), so another node resumes the jobs at once. */
  Future<Void> releaseAll();

  /** A job to pick up: its tenant and id. */
  record Ref(TenantId tenant, UUID jobId) {
  }
}
