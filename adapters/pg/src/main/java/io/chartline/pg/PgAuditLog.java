package io.chartline.pg;

import io.chartline.common.audit.AuditLog;
import io.chartline.common.events.AuditEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code audit_log}: the {@link AuditLog} in PostgreSQL, written as the audit-writer role (INSERT
 * only, no SELECT: so no {@code ON CONFLICT}, which needs it). Several events go in one multi-row
 * INSERT. The event id is unique: an event already recorded fails with SQLSTATE 23505 and counts
 * as recorded (a batch that hits one is retried row by row). An event standing for repeated
 * failures also fills the repeat columns.
 */
public final class PgAuditLog implements AuditLog {

  private static final String COLUMNS = "event_id, tenant_id, occurred_at, subject, roles, action, resource_type, "
      + "resource_id, outcome, reason_code, request_id, issuer, occurrences, first_occurred_at, reason_counts";
  private static final String INSERT_ONE = "INSERT INTO audit_log (" + COLUMNS + ") "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text::jsonb)";
  private static final String INSERT_MANY = "INSERT INTO audit_log (" + COLUMNS + ") "
      + "SELECT u.id, u.tenant, u.at, u.sub, string_to_array(u.roles, chr(31)), u.action, u.rtype, u.rid, u.outcome, "
      + "u.reason, u.req, u.iss, u.n, u.first, u.counts::jsonb FROM unnest($1::uuid[], $2::text[], "
      + "$3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], "
      + "$11::text[], $12::text[], $13::int[], $14::timestamptz[], $15::text[]) "
      + "AS u(id, tenant, at, sub, roles, action, rtype, rid, outcome, reason, req, iss, n, first, counts)";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool auditPool;

  /** @param auditPool connections as the audit-writer role */
  public PgAuditLog(Pool auditPool) {
    this.auditPool = Objects.requireNonNull(auditPool, "auditPool");
  }

  @Override
  public Future<Void> append(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    if (events.size() == 1) {
      return insertOne(events.get(0));
    }
    return insertMany(events).recover(t -> isDuplicate(t) ? insertEach(events, 0) : Future.failedFuture(t));
  }

  private Future<Void> insertEach(List<AuditEvent> events, int i) {
    return i >= events.size() ? Future.succeededFuture()
        : insertOne(events.get(i)).compose(v -> insertEach(events, i + 1));
  }

  private Future<Void> insertOne(AuditEvent e) {
    Tuple t = Tuple.tuple().addUUID(e.eventId()).addString(e.tenantId()).addOffsetDateTime(utc(e))
        .addString(e.subject()).addArrayOfString(e.roles().toArray(String[]::new)).addString(e.action())
        .addString(e.resourceType()).addString(e.resourceId()).addString(outcome(e)).addString(e.reasonCode())
        .addString(e.requestId()).addString(e.issuer())
        .addInteger(e.repeats() == null ? null : e.repeats().count())
        .addOffsetDateTime(e.repeats() == null ? null : e.repeats().firstAt().atOffset(ZoneOffset.UTC))
        .addString(reasonCounts(e));
    return auditPool.preparedQuery(INSERT_ONE).execute(t).<Void>mapEmpty()
        .recover(err -> isDuplicate(err) ? Future.succeededFuture() : Future.failedFuture(err));
  }

  private Future<Void> insertMany(List<AuditEvent> events) {
    int n = events.size();
    UUID[] ids = new UUID[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    Integer[] occurrences = new Integer[n];
    OffsetDateTime[] firstAt = new OffsetDateTime[n];
    String[] reasonCounts = new String[n];
    String[][] text = new String[10][n];
    for (int i = 0; i < n; i++) {
      AuditEvent e = events.get(i);
      ids[i] = e.eventId();
      at[i] = utc(e);
      text[0][i] = e.tenantId();
      text[1][i] = e.subject();
      text[2][i] = String.join("\u001f", e.roles());
      text[3][i] = e.action();
      text[4][i] = e.resourceType();
      text[5][i] = e.resourceId();
      text[6][i] = outcome(e);
      text[7][i] = e.reasonCode();
      text[8][i] = e.requestId();
      text[9][i] = e.issuer();
      if (e.repeats() != null) {
        occurrences[i] = e.repeats().count();
        firstAt[i] = e.repeats().firstAt().atOffset(ZoneOffset.UTC);
        reasonCounts[i] = reasonCounts(e);
      }
    }
    Tuple t = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(text[0]).addArrayOfOffsetDateTime(at)
        .addArrayOfString(text[1]).addArrayOfString(text[2]).addArrayOfString(text[3]).addArrayOfString(text[4])
        .addArrayOfString(text[5]).addArrayOfString(text[6]).addArrayOfString(text[7]).addArrayOfString(text[8])
        .addArrayOfString(text[9]).addArrayOfInteger(occurrences).addArrayOfOffsetDateTime(firstAt)
        .addArrayOfString(reasonCounts);
    return auditPool.preparedQuery(INSERT_MANY).execute(t).mapEmpty();
  }

  /** @return true when {@code t} is the unique violation of an event id already recorded */
  static boolean isDuplicate(Throwable t) {
    return t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  /** @return the event's failures by reason as JSON text, or null for an event that records one action */
  private static String reasonCounts(AuditEvent e) {
    if (e.repeats() == null) {
      return null;
    }
    JsonObject counts = new JsonObject();
    e.repeats().reasons().forEach(counts::put);
    return counts.encode();
  }

  private static OffsetDateTime utc(AuditEvent e) {
    return e.occurredAt().atOffset(ZoneOffset.UTC);
  }

  private static String outcome(AuditEvent e) {
    return e.outcome().name().toLowerCase();
  }
}
