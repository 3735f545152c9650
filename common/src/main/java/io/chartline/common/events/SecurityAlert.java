package io.chartline.common.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@code audit.alerts.v1} record: something the people on call must look at now. Like audit
 * events it names people and resources by id only and never carries PHI; a break-glass reason is
 * not included (it is stored with the grant, readable in the tenant's own scope).
 *
 * @param type {@code break_glass.opened}
 * @param tenantId the tenant whose data the alert concerns
 * @param subject who caused it
 * @param homeTenant the tenant of the subject's token
 * @param grantId the break-glass grant
 * @param expiresAt when the grant ends
 * @param auditEventId the audit event recording the same act
 */
public record SecurityAlert(UUID alertId, String type, Instant occurredAt, String tenantId, String subject,
    String homeTenant, UUID grantId, Instant expiresAt, UUID auditEventId, String requestId) {

  public static final String EVENT_TYPE = "audit.alert";
  public static final int SCHEMA_VERSION = 1;
  public static final String BREAK_GLASS_OPENED = "break_glass.opened";

  public SecurityAlert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(tenantId, "tenantId");
  }

  public byte[] encode() {
    return toJson().toBuffer().getBytes();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("alertId", alertId.toString())
        .put("type", type)
        .put("severity", "high")
        .put("occurredAt", occurredAt.toString())
        .put("tenantId", tenantId)
        .put("actor", new JsonObject().put("subject", subject).put("homeTenant", homeTenant))
        .put("grantId", grantId == null ? null : grantId.toString())
        .put("expiresAt", expiresAt == null ? null : expiresAt.toString())
        .put("auditEventId", auditEventId == null ? null : auditEventId.toString())
        .put("requestId", requestId);
  }
}
