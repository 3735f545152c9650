package io.chartline.common.audit;

import io.chartline.common.events.AuditEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Appends one event to {@code audit_log} as the audit-writer role (INSERT only). The event id is
 * unique, so writing an event that is already there (the same event arriving later through
 * {@code audit.events.v1}, or a redelivery) succeeds without a second row.
 */
public final class AuditLogAppend {

  static final String COLUMNS = "event_id, tenant_id, occurred_at, subject, roles, action, resource_type, "
      + "resource_id, outcome, reason_code, request_id, issuer, occurrences, first_occurred_at, reason_counts";
  private static final String INSERT_ONE = "INSERT INTO audit_log (" + COLUMNS + ") "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text::jsonb)";
  private static final String UNIQUE_VIOLATION = "23505";

  private AuditLogAppend() {
  }

  /** @return succeeds once the row is committed (or was already there) */
  public static Future<Void> append(Pool auditPool, AuditEvent e) {
    Tuple t = Tuple.tuple().addUUID(e.eventId()).addString(e.tenantId())
        .addOffsetDateTime(e.occurredAt().atOffset(ZoneOffset.UTC)).addString(e.subject())
        .addArrayOfString(e.roles().toArray(String[]::new)).addString(e.action()).addString(e.resourceType())
        .addString(e.resourceId()).addString(e.outcome().name().toLowerCase()).addString(e.reasonCode())
        .addString(e.requestId()).addString(e.issuer())
        .addInteger(e.repeats() == null ? null : e.repeats().count())
        .addOffsetDateTime(e.repeats() == null ? null : e.repeats().firstAt().atOffset(ZoneOffset.UTC))
        .addString(reasonCounts(e));
    return auditPool.preparedQuery(INSERT_ONE).execute(t).<Void>mapEmpty()
        .recover(err -> isDuplicate(err) ? Future.succeededFuture() : Future.failedFuture(err));
  }

  /** @return true when {@code t} is the unique violation of an event id already recorded */
  public static boolean isDuplicate(Throwable t) {
    return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /** @return the event's failures by reason as JSON text, or null for an event that records one action */
  public static String reasonCounts(AuditEvent e) {
    if (e.repeats() == null) {
      return null;
    }
    JsonObject counts = new JsonObject();
    e.repeats().reasons().forEach(counts::put);
    return counts.encode();
  }

  static OffsetDateTime utc(AuditEvent e) {
    return e.occurredAt().atOffset(ZoneOffset.UTC);
  }
}
