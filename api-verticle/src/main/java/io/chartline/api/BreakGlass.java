package io.chartline.api;

import io.chartline.common.audit.AuditLog;
import io.chartline.common.audit.AuditSink;
import io.chartline.common.auth.BreakGlassStore;
import io.chartline.common.auth.Permission;
import io.chartline.common.auth.Principal;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.SecurityAlert;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.tenant.TenantDirectory;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Break-glass grants: a super admin's time-boxed, reasoned access to one tenant's PHI. Opening one
 * commits its audit event to the audit log first, then records the grant, then publishes a
 * {@code break_glass.opened} alert on {@code audit.alerts.v1}; only then is the grant handed out.
 * A grant whose alert cannot be published is revoked. Every request made under a grant has its own
 * audit event committed to the audit log before any data is returned (see {@link Auditor}).
 */
public final class BreakGlass {

  /** The header that presents a grant. */
  public static final String HEADER = "X-Break-Glass-Grant";
  /** What a grant allows: reading, never writing, deleting or administering. */
  public static final Set<Permission> GRANTS = EnumSet.of(Permission.DOCUMENTS_READ, Permission.SEARCH,
      Permission.QUERY);
  static final int MIN_REASON = 10;
  static final int MAX_REASON = 500;

  private static final Logger LOG = LoggerFactory.getLogger(BreakGlass.class);

  /**
   * @param defaultDuration how long a grant lasts when the request names no duration
   * @param maxDuration the longest grant that may be opened
   */
  public record Settings(Duration defaultDuration, Duration maxDuration) {

    public Settings {
      if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(Duration.ofHours(8)) > 0) {
        throw new IllegalArgumentException("CHARTLINE_BREAK_GLASS_MAX must be between 1s and 8h");
      }
      if (defaultDuration.isNegative() || defaultDuration.isZero() || defaultDuration.compareTo(maxDuration) > 0) {
        throw new IllegalArgumentException("CHARTLINE_BREAK_GLASS_DEFAULT must be between 1s and "
            + "CHARTLINE_BREAK_GLASS_MAX");
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(15), Duration.ofHours(1));
    }
  }

  /** An open grant. */
  public record Grant(UUID id, TenantId tenant, Instant expiresAt) {
  }

  /** What a presented grant turned out to be. */
  public enum State { USABLE, EXPIRED, INVALID }

  /** @param tenant the grant's tenant when {@link State#USABLE} */
  public record Presented(State state, TenantId tenant) {
  }

  private final BreakGlassStore grants;
  private final TenantDirectory tenants;
  private final AuditLog auditLog;
  private final EventPublisher publisher;
  private final AuditSink stream;
  private final Clock clock;
  private final Settings settings;

  /**
   * @param auditLog the audit log itself, which records the grant before it exists
   * @param stream {@code audit.events.v1}, for subscribers
   */
  public BreakGlass(BreakGlassStore grants, TenantDirectory tenants, AuditLog auditLog, EventPublisher publisher,
      AuditSink stream, Clock clock, Settings settings) {
    this.grants = Objects.requireNonNull(grants, "grants");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.stream = Objects.requireNonNull(stream, "stream");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Opens a grant for {@code caller} on {@code tenant}.
   *
   * @return the grant, or fails with {@code NOT_FOUND} (no such tenant), {@code TENANT_DELETED},
   *     or {@code UNAVAILABLE} when the audit log or the alert stream cannot take the event (then
   *     no usable grant exists)
   */
  public Future<Grant> open(Principal caller, TenantId tenant, String reason, Duration duration, String requestId) {
    UUID grantId = UUID.randomUUID();
    AuditEvent event = new AuditEvent(UUID.randomUUID(), clock.instant(), tenant.value(), caller.subject(),
        caller.roles(), "break_glass.open", "break_glass_grant", grantId.toString(), AuditEvent.Outcome.SUCCESS,
        null, requestId, caller.issuer());
    return tenants.state(tenant)
        .compose(state -> {
          if (state.isEmpty()) {
            return Future.failedFuture(new ChartlineException(ErrorCode.NOT_FOUND, tenant, "tenant not found", null));
          }
          if (state.get() != TenantDirectory.State.ACTIVE) { // blocking-ok: Optional.get after isEmpty()
            return Future.failedFuture(new ChartlineException(ErrorCode.TENANT_DELETED, tenant, "tenant deleted",
                null));
          }
          return auditLog.emit(event)
              .recover(t -> unavailable(tenant, "the audit log cannot record break-glass now"));
        })
        .compose(v -> grants.open(grantId, tenant, caller.subject(), caller.tenant(), reason, duration))
        .map(expiresAt -> new Grant(grantId, tenant, expiresAt))
        .compose(grant -> {
          SecurityAlert alert = new SecurityAlert(UUID.randomUUID(), SecurityAlert.BREAK_GLASS_OPENED,
              clock.instant(), tenant.value(), caller.subject(), caller.tenant().value(), grantId, grant.expiresAt(),
              event.eventId(), requestId);
          return publisher.publish(publisher.topics().alerts(), tenant.value(), alert.encode(), tenant.value(),
                  SecurityAlert.EVENT_TYPE, SecurityAlert.SCHEMA_VERSION, null)
              .recover(t -> revoke(grant).transform(x -> unavailable(tenant, "the alert stream is unavailable; "
                  + "break-glass was not granted")))
              .map(grant);
        })
        .compose(grant -> stream.emit(event)
            // the event is already in the audit log; the stream copy is for subscribers
            .recover(t -> {
              LOG.warn("break-glass audit event not streamed [tenant: {}, error: {}]", tenant,
                  t.getClass().getSimpleName());
              return Future.succeededFuture();
            })
            .map(grant));
  }

  /** @return what the grant {@code grantId} presented by {@code caller} is worth now */
  public Future<Presented> present(Principal caller, UUID grantId) {
    return grants.find(grantId, caller.subject(), caller.tenant()).map(found -> found.filter(g -> !g.revoked())
        .map(g -> g.expired() ? new Presented(State.EXPIRED, null) : new Presented(State.USABLE, g.tenant()))
        .orElse(new Presented(State.INVALID, null)));
  }

  /** Commits {@code event} to the audit log (the same event may also go to the stream). */
  public Future<Void> commit(AuditEvent event) {
    return auditLog.emit(event);
  }

  private Future<Void> revoke(Grant grant) {
    return grants.revoke(grant.tenant(), grant.id());
  }

  private static <T> Future<T> unavailable(TenantId tenant, String message) {
    return Future.failedFuture(new ChartlineException(ErrorCode.UNAVAILABLE, tenant, message, null));
  }
}
