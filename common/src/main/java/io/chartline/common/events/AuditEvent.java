package io.chartline.common.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An {@code audit.events.v1} record: who did what to which resource of which tenant, and the
 * outcome. It names resources by id only and never carries PHI (no titles, text or queries).
 * One event may stand for many repeated failures ({@link Repeats}), so that a flood cannot write
 * one row per request.
 *
 * @param tenantId null for failures where no tenant could be established (bad token)
 * @param subject null when the caller was not authenticated
 * @param issuer the issuer ({@code iss}) of the token that authenticated {@code subject}; a subject is
 *     only unique within its issuer. Null when the caller was not authenticated or the actor is the
 *     system itself
 * @param repeats null for an event that records one action; otherwise the failures this one event
 *     stands for (travels as {@code resource.repeats})
 */
public record AuditEvent(UUID eventId, Instant occurredAt, String tenantId, String subject, List<String> roles,
    String action, String resourceType, String resourceId, Outcome outcome, String reasonCode,
    String requestId, String issuer, Repeats repeats) {

  public static final String EVENT_TYPE = "audit.event";
  public static final int SCHEMA_VERSION = 1;
  /** Kafka key for events without a tenant. */
  public static final String NO_TENANT_KEY = "_none";
  private static final Set<String> FIELDS = Set.of("eventId", "occurredAt", "tenantId", "actor", "action",
      "resource", "outcome", "reasonCode", "requestId");

  /** Reason code of an event that aggregates repeated failures ({@link Repeats}). */
  public static final String REPEATED_FAILURES = "REPEATED_FAILURES";
  private static final Set<String> REPEATS_FIELDS = Set.of("count", "firstAt", "lastAt", "reasons");

  /** What came of the attempt. */
  public enum Outcome { SUCCESS, DENIED, FAILURE }

  /**
   * Many failures recorded as one event: how many, over which time, and how many of each reason code.
   *
   * @param count failures this event stands for, at least 1; equals the sum of {@code reasons}
   * @param firstAt when the first of them happened
   * @param lastAt when the last of them happened, not before {@code firstAt}
   * @param reasons failures by reason code, sorted by code
   */
  public record Repeats(int count, Instant firstAt, Instant lastAt, Map<String, Integer> reasons) {

    public Repeats {
      Objects.requireNonNull(firstAt, "firstAt");
      Objects.requireNonNull(lastAt, "lastAt");
      Objects.requireNonNull(reasons, "reasons");
      if (count < 1 || lastAt.isBefore(firstAt) || reasons.isEmpty()) {
        throw new IllegalArgumentException("repeats need a count of at least 1, firstAt <= lastAt and reasons");
      }
      long sum = 0;
      for (Map.Entry<String, Integer> e : reasons.entrySet()) {
        if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null || e.getValue() < 1) {
          throw new IllegalArgumentException("every repeated reason needs a code and a count of at least 1");
        }
        sum += e.getValue();
      }
      if (sum != count) {
        throw new IllegalArgumentException("repeats count " + count + " differs from the sum of its reasons " + sum);
      }
      reasons = Collections.unmodifiableMap(new TreeMap<>(reasons));
    }

    JsonObject toJson() {
      JsonObject byReason = new JsonObject();
      reasons.forEach(byReason::put);
      return new JsonObject().put("count", count).put("firstAt", firstAt.toString()).put("lastAt", lastAt.toString())
          .put("reasons", byReason);
    }

    static Repeats decode(JsonObject o) {
      Json.onlyFields(o, REPEATS_FIELDS, "resource.repeats");
      Map<String, Integer> reasons = new TreeMap<>();
      JsonObject byReason = Json.obj(o, "reasons");
      try {
        for (String code : byReason.fieldNames()) {
          reasons.put(code, Json.intNonNegative(byReason, code));
        }
        return new Repeats(Json.intNonNegative(o, "count"), Instant.parse(Json.str(o, "firstAt")),
            Instant.parse(Json.str(o, "lastAt")), reasons);
      } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
        throw new EventDecodeException("invalid resource.repeats");
      }
    }
  }

  public AuditEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** An event that records one action. */
  public AuditEvent(UUID eventId, Instant occurredAt, String tenantId, String subject, List<String> roles,
      String action, String resourceType, String resourceId, Outcome outcome, String reasonCode, String requestId,
      String issuer) {
    this(eventId, occurredAt, tenantId, subject, roles, action, resourceType, resourceId, outcome, reasonCode,
        requestId, issuer, null);
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
    if (repeats != null) {
      resource.put("repeats", repeats.toJson());
    }
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
        Json.optStr(actor, "issuer"), resource.getValue("repeats") == null ? null
        : Repeats.decode(Json.obj(resource, "repeats")));
  }
}
