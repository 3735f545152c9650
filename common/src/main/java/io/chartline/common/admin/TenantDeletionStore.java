package io.chartline.common.admin;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port for tenant deletion jobs, their steps ({@code keys → database → objects → done}) and the
 * database purge itself. Each step is recorded when done, so a job interrupted anywhere resumes at
 * its step.
 */
public interface TenantDeletionStore extends JobLeases<TenantDeletionStore.Job> {

  /** A deletion job (without its reason, which is stored and never read back). */
  record Job(UUID id, TenantId tenant, String state, String step, String requestedBy, String homeTenant,
      UUID auditEventId, UUID alertId, Instant alertedAt, int keyVersionsDestroyed, Instant keysDestroyedAt,
      long documentsDeleted, long chunksDeleted, Instant databasePurgedAt, long objectsDeleted, int objectAttempts,
      Instant nextAttemptAt, String errorCode, Instant startedAt, Instant updatedAt, Instant finishedAt) {
  }

  /** What the job asks for, as put on record before anything is destroyed. */
  record NewJob(UUID jobId, TenantId tenant, String requestedBy, TenantId homeTenant, String reason, String requestId,
      UUID auditEventId, UUID alertId) {
  }

  /** An unfinished job and when its next round is due (null: now). */
  record Due(Ref job, Instant nextAttemptAt) {
  }

  /** What the database purge removed. */
  record Purged(long documents, long chunks) {
  }

  /**
   * Records the job (step {@code keys}) and marks the tenant {@code deleting}, in one transaction,
   * so no new document is accepted.
   *
   * @return the job; fails with {@code CONFLICT} when the tenant already has a deletion job, or
   *     {@code TENANT_DELETED} when it is already deleted
   */
  Future<Job> record(NewJob job);

  /** @return the tenant's deletion job, or empty when it has none */
  Future<Optional<Job>> find(TenantId tenant);

  /** @return every job not completed, of every tenant */
  Future<List<Due>> unfinished();

  /** Records that the keys' {@code versions} versions are destroyed and moves the job to step {@code database}. */
  Future<Void> keysDestroyed(TenantId tenant, UUID jobId, int versions);

  /**
   * Drops the tenant's data in the database (documents, chunks and their vectors, grants; the
   * tenant becomes {@code deleted}) and moves the job to step {@code objects}, in one transaction.
   *
   * @return what was removed; empty when the job was already past this step
   */
  Future<Optional<Purged>> purgeDatabase(TenantId tenant, UUID jobId);

  /** Counts {@code count} more objects deleted (and renews nothing: the caller claims again). */
  Future<Void> objectsDeleted(TenantId tenant, UUID jobId, long count);

  /**
   * Records that objects remain after {@code attempts} failed attempts ({@code objects_remaining},
   * with the error code), releases this node's lease and sets the next round {@code retry} from now.
   */
  Future<Void> objectsRemain(TenantId tenant, UUID jobId, String errorCode, int attempts, Duration retry);

  /** @return true when this call completed the job (false when it was already complete) */
  Future<Boolean> complete(TenantId tenant, UUID jobId);
}
