package io.chartline.common.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An {@code audit.events.v1} record: who did what to which resource of which tenant, and the
 * outcome. It names resources by id only and never carries PHI (no titles, text or queries).
 *
 * @param tenantId null for failures where no tenant could be established (bad token)
 * @param subject null when the caller was not authenticated
 * @param issuer the issuer ({@code iss}) of the token that authenticated {@code subject}; a subject is
 *     only unique within its issuer. Null when the caller was not authenticated or the actor is the
 *     system itself
 */
public record AuditEvent(UUID eventId, Instant occurredAt, String tenantId, String subject, List<String> roles,
    String action, String resourceType, String resourceId, Outcome outcome, String reasonCode,
    String requestId, String issuer) {

  public static final String EVENT_TYPE = "audit.event";
  public static final int SCHEMA_VERSION = 1;
  /** Kafka key for events without a tenant. */
  public static final String NO_TENANT_KEY = "_none";
  private static final Set<String> FIELDS = Set.of("eventId", "occurredAt", "tenantId", "actor", "action",
      "resource", "outcome", "reasonCode", "requestId");

  /** What came of the attempt. */
  public enum Outcome { SUCCESS, DENIED, FAILURE }

  public AuditEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** An event without an issuer: the system acting, or a caller that was not authenticated. */
  public AuditEvent(UUID eventId, Instant occurredAt, String tenantId, String subject, List<String> roles,
      String action, String resourceType, String resourceId, Outcome outcome, String reasonCode, String requestId) {
    this(eventId, occurredAt, tenantId, subject, roles, action, resourceType, resourceId, outcome, reasonCode,
        requestId, null);
  }

  public String kafkaKey() {
    return tenantId == null ? NO_TENANT_KEY : tenantId;
  }

  public byte[] encode() {
    return toJson().toBuffer().getBytes();
  }

  public JsonObject toJson() {
    JsonObject actor = new JsonObject().put("subject", subject).put("roles", new JsonArray(List.copyOf(roles)))
        .put("issuer", issuer);
    JsonObject resource = new JsonObject().put("type", resourceType).put("id", resourceId);
    return new JsonObject()
        .put("eventId", eventId.toString())
        .put("occurredAt", occurredAt.toString())
        .put("tenantId", tenantId)
        .put("actor", actor)
        .put("action", action)
        .put("resource", resource)
        .put("outcome", outcome.name().toLowerCase())
        .put("reasonCode", reasonCode)
        .put("requestId", requestId);
  }

  /** @throws EventDecodeException when the payload breaks the contract */
  public static AuditEvent decode(byte[] payload) {
    JsonObject o = Json.parse(payload);
    Json.onlyFields(o, FIELDS, "audit event");
    JsonObject actor = Json.obj(o, "actor");
    JsonObject resource = Json.obj(o, "resource");
    List<String> roles = new java.util.ArrayList<>();
    for (Object r : Json.arr(actor, "roles")) {
      if (!(r instanceof String s)) {
        throw new EventDecodeException("roles[] entry is not a string");
      }
      roles.add(s);
    }
    String tenant = Json.optStr(o, "tenantId");
    if (tenant != null && !io.chartline.common.tenant.TenantId.isValid(tenant)) {
      throw new EventDecodeException("invalid tenantId");
    }
    Outcome outcome;
    Instant at;
    try {
      String value = Json.str(o, "outcome");
      if (!value.equals(value.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException();
      }
      outcome = Outcome.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      at = Instant.parse(Json.str(o, "occurredAt"));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new EventDecodeException("invalid outcome or occurredAt");
    }
    return new AuditEvent(ChunkBatch.uuid(Json.str(o, "eventId")), at, tenant,
        Json.optStr(actor, "subject"), roles, Json.str(o, "action"), Json.optStr(resource, "type"),
        Json.optStr(resource, "id"), outcome, Json.optStr(o, "reasonCode"), Json.optStr(o, "requestId"),
        Json.optStr(actor, "issuer"));
  }
}
