package io.chartline.api.admin;

import io.chartline.common.admin.TenantDeletionStore;
import io.chartline.common.admin.TenantDeletionStore.Job;
import io.chartline.common.audit.AuditSink;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.SecurityAlert;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.tenant.TenantDirectory;
import io.chartline.common.tenant.TenantId;
import io.chartline.common.text.ReasonText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a tenant as a resumable job ({@code tenant_deletions}), crypto-shredding first.
 *
 * <p>{@link #start} destroys nothing until the act is on record: it commits a {@code tenant.delete}
 * audit event (who, which tenant, the job) to the audit log, publishes a
 * {@code tenant_deletion.started} alert on {@code audit.alerts.v1} and waits for the broker's
 * acknowledgement, and only then records the job (with the reason) and marks the tenant
 * {@code deleting}, so no new document is accepted. The job then runs its steps ({@link TenantPurge}):
 * destroy the keys, so every copy of the tenant's data that Chartline cannot reach (Kafka records,
 * backups) stops opening; purge the database (documents, chunks and their vectors, grants), after
 * which the tenant is {@code deleted} for every purpose; delete its objects in batches, each with a
 * timeout and bounded retries. A store that stays unavailable (or refuses) leaves the job
 * {@code objects_remaining}, retried every {@link Settings#retryInterval()}; nothing else waits for
 * it. The job holds a lease ({@link io.chartline.common.admin.JobLeases}) so one node works on it, and any node resumes it
 * after a restart ({@link #resumeAll}). The finish is audited.
 */
public final class TenantDeletion {

  private static final Logger LOG = LoggerFactory.getLogger(TenantDeletion.class);

  /**
   * @param objectTimeout the longest one batch of object deletions may take before it counts as failed
   * @param objectAttempts how often a batch is tried, with backoff, before the job waits for the next round
   * @param retryInterval how long a job whose objects could not be deleted waits before the next round
   */
  public record Settings(Duration objectTimeout, int objectAttempts, Duration retryInterval) {

    public Settings {
      if (objectTimeout.isNegative() || objectTimeout.isZero() || objectTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("CHARTLINE_DELETION_OBJECT_TIMEOUT must be between 1ms and 5m");
      }
      if (objectAttempts < 1 || objectAttempts > 10) {
        throw new IllegalArgumentException("CHARTLINE_DELETION_OBJECT_ATTEMPTS must be between 1 and 10");
      }
      if (retryInterval.isNegative() || retryInterval.isZero() || retryInterval.compareTo(Duration.ofHours(24)) > 0) {
        throw new IllegalArgumentException("CHARTLINE_DELETION_RETRY must be between 1ms and 24h");
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(30), 3, Duration.ofMinutes(1));
    }
  }

  /**
   * Who asks for a deletion, and why.
   *
   * @param reason follows {@link ReasonText}; stored with the job, never logged, streamed or alerted
   */
  public record Request(TenantId tenant, String subject, List<String> roles, TenantId homeTenant, String reason,
      String requestId) {

    public Request {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(homeTenant, "homeTenant");
      roles = List.copyOf(roles);
      if (ReasonText.accept(reason).isEmpty()) {
        throw new IllegalArgumentException(ReasonText.RULE);
      }
    }
  }

  private final Vertx vertx;
  private final TenantDeletionStore store;
  private final TenantDirectory tenants;
  private final AuditSink auditLog;
  private final AuditSink auditStream;
  private final EventPublisher alerts;
  private final Clock clock;
  private final Settings settings;
  private final DeletionRunner runner;
  private long sweeper = -1;

  /**
   * @param auditLog commits an event to the audit log itself (the INSERT-only audit writer)
   * @param auditStream publishes an event to {@code audit.events.v1}
   * @param alerts publishes to {@code audit.alerts.v1}
   */
  public TenantDeletion(Vertx vertx, TenantDeletionStore store, TenantDirectory tenants, TenantPurge purge,
      AuditSink auditLog, AuditSink auditStream, EventPublisher alerts, Clock clock, Settings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
    this.auditStream = Objects.requireNonNull(auditStream, "auditStream");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    // a batch, every attempt and backoff included, ends within the lease: no other node takes the job mid-batch
    Duration held = settings.objectTimeout().plus(DeletionRunner.MAX_BACKOFF).multipliedBy(settings.objectAttempts()).plusSeconds(30);
    this.runner = new DeletionRunner(vertx, store, Objects.requireNonNull(purge, "purge"), auditStream, clock,
        settings, held);
  }

  /**
   * Puts the deletion on record (audit log, then an acknowledged alert), records the job and marks
   * the tenant {@code deleting}, then runs the job in the background.
   *
   * @return the job as recorded; fails with {@code NOT_FOUND} (no such tenant), {@code TENANT_DELETED},
   *     {@code CONFLICT} (a deletion is already under way) or {@code UNAVAILABLE} (the audit log or
   *     the alert stream could not take the event: then nothing was changed)
   */
  public Future<Job> start(Request request) {
    TenantId tenant = request.tenant();
    UUID jobId = UUID.randomUUID();
    AuditEvent event = new AuditEvent(UUID.randomUUID(), clock.instant(), tenant.value(), request.subject(),
        request.roles(), "tenant.delete", "tenant_deletion", jobId.toString(), AuditEvent.Outcome.SUCCESS, null,
        request.requestId());
    SecurityAlert alert = SecurityAlert.tenantDeletionStarted(UUID.randomUUID(), clock.instant(), tenant.value(),
        request.subject(), request.homeTenant().value(), jobId, event.eventId(), request.requestId());
    return deletable(tenant)
        .compose(v -> auditLog.emit(event)
            .recover(t -> unavailable(tenant, "the audit log cannot record the deletion now; nothing was deleted")))
        .compose(v -> alerts.publish(alerts.topics().alerts(), tenant.value(), alert.encode(), tenant.value(),
                SecurityAlert.EVENT_TYPE, SecurityAlert.SCHEMA_VERSION, null)
            .recover(t -> unavailable(tenant, "the alert stream is unavailable; nothing was deleted")))
        .compose(v -> record(request, jobId, event.eventId(), alert))
        .compose(job -> auditStream.emit(event)
            // the event is already in the audit log; the stream copy is for subscribers
            .recover(t -> {
              LOG.warn("tenant deletion audit event not streamed [tenant: {}, error: {}]", tenant,
                  t.getClass().getSimpleName());
              return Future.succeededFuture();
            })
            .map(job))
        .onSuccess(job -> {
          LOG.info("tenant deletion started [tenant: {}, job: {}]", tenant, job.id());
          runner.run(tenant, job.id());
        });
  }

  /** @return the tenant's deletion job, or empty when it has none */
  public Future<Optional<Job>> find(TenantId tenant) {
    return store.find(tenant);
  }

  /**
   * Picks up every unfinished job that is due (after a restart), then sweeps again every
   * {@link Settings#retryInterval()}, so a job whose node died is resumed once its lease lapses. A
   * job leased by a live node is left to it.
   *
   * @return how many jobs the first sweep found
   */
  public Future<Integer> resumeAll() {
    synchronized (this) {
      if (sweeper < 0) {
        sweeper = vertx.setPeriodic(settings.retryInterval().toMillis(), id -> sweep()
            .onFailure(t -> LOG.warn("tenant deletion sweep failed [error: {}]", t.getClass().getSimpleName())));
      }
    }
    return sweep();
  }

  private Future<Integer> sweep() {
    Instant now = clock.instant();
    return store.unfinished().map(jobs -> {
      int due = 0;
      for (TenantDeletionStore.Due d : jobs) {
        if (d.nextAttemptAt() == null || !d.nextAttemptAt().isAfter(now)) {
          runner.run(d.job().tenant(), d.job().jobId());
          due++;
        }
      }
      return due;
    });
  }

  /** Stops sweeping and gives up the leases this node holds (on shutdown), so another node resumes the jobs at once. */
  public Future<Void> releaseLeases() {
    synchronized (this) {
      if (sweeper >= 0) {
        vertx.cancelTimer(sweeper);
        sweeper = -1;
      }
    }
    return store.releaseAll();
  }

  private Future<Void> deletable(TenantId tenant) {
    return tenants.state(tenant).compose(state -> {
      if (state.isEmpty()) {
        return Future.failedFuture(new ChartlineException(ErrorCode.NOT_FOUND, tenant, "tenant not found", null));
      }
      if (state.get() == TenantDirectory.State.DELETED) { // blocking-ok: Optional.get after isEmpty()
        return Future.failedFuture(deleted(tenant));
      }
      return store.find(tenant).compose(job -> job.isPresent() ? Future.failedFuture(alreadyRunning(tenant))
          : Future.succeededFuture());
    });
  }

  /** Records the job and marks the tenant deleting, in one transaction. */
  private Future<Job> record(Request request, UUID jobId, UUID auditEventId, SecurityAlert alert) {
    return store.record(new TenantDeletionStore.NewJob(jobId, request.tenant(), request.subject(),
        request.homeTenant(), ReasonText.accept(request.reason()).orElseThrow(), request.requestId(), auditEventId,
        alert.alertId()));
  }

  private static ChartlineException deleted(TenantId tenant) {
    return new ChartlineException(ErrorCode.TENANT_DELETED, tenant, "tenant already deleted", null);
  }

  private static ChartlineException alreadyRunning(TenantId tenant) {
    return new ChartlineException(ErrorCode.CONFLICT, tenant, "a deletion of this tenant is already under way", null);
  }

  private static <T> Future<T> unavailable(TenantId tenant, String message) {
    return Future.failedFuture(new ChartlineException(ErrorCode.UNAVAILABLE, tenant, message, null));
  }
}
