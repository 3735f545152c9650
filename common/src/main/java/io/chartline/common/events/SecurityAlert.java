package io.chartline.common.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@code audit.alerts.v1} record: something the people on call must look at now. Like audit
 * events it names people and resources by id only and never carries PHI; a break-glass or deletion
 * reason is not included (it is stored with the grant or the deletion job).
 *
 * @param type {@link #BREAK_GLASS_OPENED} or {@link #TENANT_DELETION_STARTED}
 * @param tenantId the tenant whose data the alert concerns
 * @param subject who caused it
 * @param homeTenant the tenant of the subject's token
 * @param grantId the break-glass grant (break-glass alerts)
 * @param expiresAt when the grant ends (break-glass alerts)
 * @param auditEventId the audit event recording the same act
 * @param jobId the tenant deletion job (deletion alerts)
 */
public record SecurityAlert(UUID alertId, String type, Instant occurredAt, String tenantId, String subject,
    String homeTenant, UUID grantId, Instant expiresAt, UUID auditEventId, String requestId, UUID jobId) {

  public static final String EVENT_TYPE = "audit.alert";
  public static final int SCHEMA_VERSION = 1;
  public static final String BREAK_GLASS_OPENED = "break_glass.opened";
  /** A tenant is about to be deleted: published, and acknowledged, before anything is destroyed. */
  public static final String TENANT_DELETION_STARTED = "tenant_deletion.started";

  public SecurityAlert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(tenantId, "tenantId");
  }

  /** An alert that concerns no deletion job (break-glass). */
  public SecurityAlert(UUID alertId, String type, Instant occurredAt, String tenantId, String subject,
      String homeTenant, UUID grantId, Instant expiresAt, UUID auditEventId, String requestId) {
    this(alertId, type, occurredAt, tenantId, subject, homeTenant, grantId, expiresAt, auditEventId, requestId, null);
  }

  /** The alert that a deletion of {@code tenantId} by {@code subject} is starting as job {@code jobId}. */
  public static SecurityAlert tenantDeletionStarted(UUID alertId, Instant occurredAt, String tenantId, String subject,
      String homeTenant, UUID jobId, UUID auditEventId, String requestId) {
    return new SecurityAlert(alertId, TENANT_DELETION_STARTED, occurredAt, tenantId, subject, homeTenant, null, null,
        auditEventId, requestId, Objects.requireNonNull(jobId, "jobId"));
  }

  /** {@code critical} for what cannot be undone (a tenant deletion), else {@code high}. */
  public String severity() {
    return TENANT_DELETION_STARTED.equals(type) ? "critical" : "high";
  }

  public byte[] encode() {
    return toJson().toBuffer().getBytes();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("alertId", alertId.toString())
        .put("type", type)
        .put("severity", severity())
        .put("occurredAt", occurredAt.toString())
        .put("tenantId", tenantId)
        .put("actor", new JsonObject().put("subject", subject).put("homeTenant", homeTenant))
        .put("grantId", grantId == null ? null : grantId.toString())
        .put("expiresAt", expiresAt == null ? null : expiresAt.toString())
        .put("auditEventId", auditEventId == null ? null : auditEventId.toString())
        .put("requestId", requestId)
        .put("jobId", jobId == null ? null : jobId.toString());
  }
}
