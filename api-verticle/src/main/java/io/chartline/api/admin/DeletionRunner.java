package io.chartline.api.admin;

import io.chartline.common.audit.AuditSink;
import io.chartline.common.db.TenantTx;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works one tenant deletion job through its steps on this node: {@code keys} → {@code database} →
 * {@code objects} → {@code done}. Each step is claimed under the job's lease and recorded when it
 * is done, so a job interrupted anywhere is resumed at its step by any node. Objects go one batch
 * at a time, each batch bounded by a timeout and retried with backoff; when a batch fails every
 * attempt the job becomes {@code objects_remaining} and waits for its next round. A failure in any
 * other step is retried after a short pause: a deletion never gives up.
 */
final class DeletionRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DeletionRunner.class);
  private static final String SYSTEM_ACTOR = "chartline:tenant-deletion";
  /** Wait after a failed key or database step before trying it again. */
  private static final Duration STEP_RETRY = Duration.ofSeconds(5);
  /** The longest wait between two attempts of one batch. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Pool pool;
  private final TenantPurge purge;
  private final AuditSink auditStream;
  private final Clock clock;
  private final TenantDeletion.Settings settings;
  private final JobLease lease;
  private final Set<UUID> looping = ConcurrentHashMap.newKeySet();

  DeletionRunner(Vertx vertx, Pool pool, TenantPurge purge, AuditSink auditStream, Clock clock,
      TenantDeletion.Settings settings, JobLease lease) {
    this.vertx = vertx;
    this.pool = pool;
    this.purge = purge;
    this.auditStream = auditStream;
    this.clock = clock;
    this.settings = settings;
    this.lease = lease;
  }

  /** Works the job on this node until it completes, waits for its next round, or another node has it. */
  void run(TenantId tenant, UUID jobId) {
    if (!looping.add(jobId)) {
      return; // this node already works on it
    }
    advance(tenant, jobId).onComplete(ar -> {
      looping.remove(jobId);
      if (ar.failed()) {
        ChartlineException e = ChartlineException.wrap(ar.cause(), tenant);
        // a deletion never gives up: the tenant's data must go whatever the failure
        LOG.warn("tenant deletion paused [tenant: {}, job: {}, error: {}]; retrying", tenant, jobId, e.code());
        vertx.setTimer(STEP_RETRY.toMillis(), id -> run(tenant, jobId));
      } else if (ar.result() != null) {
        vertx.setTimer(Math.max(1, ar.result().toMillis()), id -> run(tenant, jobId));
      }
    });
  }

  /**
   * Claims the job and runs its next step, then the one after.
   *
   * @return null when the job is done (or another node holds it), or how long to wait for the next round
   */
  private Future<Duration> advance(TenantId tenant, UUID jobId) {
    return lease.claim(tenant, jobId).compose(row -> {
      if (row.isEmpty()) {
        return Future.succeededFuture();
      }
      TenantDeletion.Job job = TenantDeletion.job(tenant, row.get()); // blocking-ok: Optional.get after isEmpty()
      return switch (job.step()) {
        case "keys" -> purge.destroyKeys(tenant)
            .compose(versions -> TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET "
                    + "step = 'database', key_versions_destroyed = $3, keys_destroyed_at = now(), error_code = NULL, "
                    + "updated_at = now() WHERE tenant_id = $1 AND job_id = $2 AND step = 'keys'")
                .execute(Tuple.of(tenant.value(), jobId, versions))))
            .onSuccess(v -> LOG.info("tenant keys destroyed [tenant: {}, job: {}]", tenant, jobId))
            .compose(v -> advance(tenant, jobId));
        case "database" -> purgeDatabase(tenant, jobId).compose(v -> advance(tenant, jobId));
        case "objects" -> deleteObjects(tenant, job);
        default -> Future.succeededFuture();
      };
    });
  }

  /** Purges the database and moves the job on in one transaction, so the counters match what went. */
  private Future<Void> purgeDatabase(TenantId tenant, UUID jobId) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT step FROM tenant_deletions WHERE tenant_id = $1 AND job_id = $2 FOR UPDATE")
        .execute(Tuple.of(tenant.value(), jobId))
        .compose(rs -> !"database".equals(rs.iterator().next().getString(0)) ? Future.<Void>succeededFuture()
            : purge.purgeDatabase(conn, tenant).compose(p -> conn.preparedQuery("UPDATE tenant_deletions SET "
                    + "step = 'objects', documents_deleted = $3, chunks_deleted = $4, database_purged_at = now(), "
                    + "error_code = NULL, updated_at = now() WHERE tenant_id = $1 AND job_id = $2")
                .execute(Tuple.of(tenant.value(), jobId, p.documents(), p.chunks()))
                .onSuccess(x -> LOG.info("tenant database purged [tenant: {}, job: {}, documents: {}, chunks: {}]",
                    tenant, jobId, p.documents(), p.chunks()))
                .mapEmpty())));
  }

  /** Deletes batches until none remain (then completes the job) or one fails every attempt. */
  private Future<Duration> deleteObjects(TenantId tenant, TenantDeletion.Job job) {
    return batch(tenant, 1).compose(deleted -> {
      if (deleted == 0) {
        return complete(tenant, job).map((Duration) null);
      }
      return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET objects_deleted = "
              + "objects_deleted + $3, updated_at = now() WHERE tenant_id = $1 AND job_id = $2")
          .execute(Tuple.of(tenant.value(), job.id(), deleted)))
          // renews the lease before the next batch
          .compose(x -> advance(tenant, job.id()));
    }, failure -> objectsRemain(tenant, job, failure instanceof TimeoutException ? ErrorCode.TIMEOUT
        : ChartlineException.wrap(failure, tenant).code()));
  }

  /** One batch, tried up to {@link TenantDeletion.Settings#objectAttempts()} times with backoff, each within the timeout. */
  private Future<Long> batch(TenantId tenant, int attempt) {
    return purge.deleteObjectBatch(tenant).timeout(settings.objectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .recover(t -> {
          if (attempt >= settings.objectAttempts()) {
            return Future.failedFuture(t);
          }
          long backoff = Math.min(Math.min(settings.retryInterval().toMillis(), MAX_BACKOFF.toMillis()),
              500L << Math.min(attempt - 1, 6));
          Promise<Long> retried = Promise.promise();
          vertx.setTimer(Math.max(1, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1)),
              id -> batch(tenant, attempt + 1).onComplete(retried));
          return retried.future();
        });
  }

  private Future<Duration> objectsRemain(TenantId tenant, TenantDeletion.Job job, ErrorCode code) {
    LOG.warn("tenant objects remain [tenant: {}, job: {}, error: {}]; next round in {}", tenant, job.id(), code,
        settings.retryInterval());
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET state = "
            + "'objects_remaining', error_code = $3, object_attempts = object_attempts + $4, next_attempt_at = now() "
            + "+ make_interval(secs => $5), lease_owner = NULL, lease_until = NULL, updated_at = now() "
            + "WHERE tenant_id = $1 AND job_id = $2 AND lease_owner = $6")
        .execute(Tuple.of(tenant.value(), job.id(), code.name(), settings.objectAttempts(),
            settings.retryInterval().toMillis() / 1000.0, lease.nodeId())))
        .compose(rs -> {
          lease.forget(job.id());
          // audited once, when the job first finds it cannot finish yet; later rounds only log
          return "running".equals(job.state()) ? finished(tenant, job.id(), AuditEvent.Outcome.FAILURE, code.name())
              : Future.succeededFuture();
        })
        .map(settings.retryInterval());
  }

  private Future<Void> complete(TenantId tenant, TenantDeletion.Job job) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET state = 'completed', "
            + "step = 'done', error_code = NULL, next_attempt_at = NULL, finished_at = now(), updated_at = now(), "
            + "lease_owner = NULL, lease_until = NULL WHERE tenant_id = $1 AND job_id = $2 AND state <> 'completed'")
        .execute(Tuple.of(tenant.value(), job.id())))
        .compose(rs -> {
          lease.forget(job.id());
          LOG.info("tenant deleted [tenant: {}, job: {}]", tenant, job.id());
          return rs.rowCount() == 1 ? finished(tenant, job.id(), AuditEvent.Outcome.SUCCESS, null)
              : Future.succeededFuture();
        });
  }

  private Future<Void> finished(TenantId tenant, UUID jobId, AuditEvent.Outcome outcome, String reason) {
    return auditStream.emit(new AuditEvent(UUID.randomUUID(), clock.instant(), tenant.value(), SYSTEM_ACTOR,
            List.of(), "tenant.delete.finish", "tenant_deletion", jobId.toString(), outcome, reason, null))
        .recover(t -> {
          LOG.warn("tenant deletion audit event not streamed [tenant: {}, job: {}, error: {}]", tenant, jobId,
              t.getClass().getSimpleName());
          return Future.succeededFuture();
        });
  }
}
