package io.chartline.api.admin;

import io.chartline.common.audit.AuditSink;
import io.chartline.common.admin.TenantDeletionStore;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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
  private final TenantDeletionStore store;
  private final TenantPurge purge;
  private final AuditSink auditStream;
  private final Clock clock;
  private final TenantDeletion.Settings settings;
  private final Duration lease;
  private final Set<UUID> looping = ConcurrentHashMap.newKeySet();

  /** @param lease how long a claim holds a job: longer than any step, retries included */
  DeletionRunner(Vertx vertx, TenantDeletionStore store, TenantPurge purge, AuditSink auditStream, Clock clock,
      TenantDeletion.Settings settings, Duration lease) {
    this.vertx = vertx;
    this.store = store;
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
    return store.claim(tenant, jobId, lease).compose(claimed -> {
      if (claimed.isEmpty()) {
        return Future.succeededFuture();
      }
      TenantDeletionStore.Job job = claimed.get(); // blocking-ok: Optional.get after isEmpty()
      return switch (job.step()) {
        case "keys" -> purge.destroyKeys(tenant)
            .compose(versions -> store.keysDestroyed(tenant, jobId, versions))
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
    return store.purgeDatabase(tenant, jobId).onSuccess(purged -> purged.ifPresent(p -> LOG.info(
        "tenant database purged [tenant: {}, job: {}, documents: {}, chunks: {}]", tenant, jobId, p.documents(),
        p.chunks()))).mapEmpty();
  }

  /** Deletes batches until none remain (then completes the job) or one fails every attempt. */
  private Future<Duration> deleteObjects(TenantId tenant, TenantDeletionStore.Job job) {
    return batch(tenant, 1).compose(deleted -> {
      if (deleted == 0) {
        return complete(tenant, job).map((Duration) null);
      }
      return store.objectsDeleted(tenant, job.id(), deleted)
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

  private Future<Duration> objectsRemain(TenantId tenant, TenantDeletionStore.Job job, ErrorCode code) {
    LOG.warn("tenant objects remain [tenant: {}, job: {}, error: {}]; next round in {}", tenant, job.id(), code,
        settings.retryInterval());
    return store.objectsRemain(tenant, job.id(), code.name(), settings.objectAttempts(), settings.retryInterval())
        .compose(v -> {
          // audited once, when the job first finds it cannot finish yet; later rounds only log
          return "running".equals(job.state()) ? finished(tenant, job.id(), AuditEvent.Outcome.FAILURE, code.name())
              : Future.succeededFuture();
        })
        .map(settings.retryInterval());
  }

  private Future<Void> complete(TenantId tenant, TenantDeletionStore.Job job) {
    return store.complete(tenant, job.id())
        .compose(completed -> {
          LOG.info("tenant deleted [tenant: {}, job: {}]", tenant, job.id());
          return completed ? finished(tenant, job.id(), AuditEvent.Outcome.SUCCESS, null)
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
