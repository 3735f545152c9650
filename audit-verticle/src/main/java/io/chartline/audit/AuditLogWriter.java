package io.chartline.audit;

import io.chartline.common.audit.AuditLogAppend;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.EventHeaders;
import io.chartline.common.kafka.RecordHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Appends {@code audit.events.v1} records to {@code audit_log} as the audit-writer role (INSERT
 * only, no SELECT: so no {@code ON CONFLICT}, which needs it). Events that arrive while a write
 * is in flight go together in one multi-row INSERT; an idle writer writes at once. The event id
 * is unique: a redelivered event fails with SQLSTATE 23505 and counts as already recorded (a batch
 * that hits one is retried row by row). An event standing for repeated failures also fills the
 * repeat columns. Used from one event-loop context (the audit verticle's).
 */
public final class AuditLogWriter implements RecordHandler {

  private static final String COLUMNS = "event_id, tenant_id, occurred_at, subject, roles, action, resource_type, "
      + "resource_id, outcome, reason_code, request_id, issuer, occurrences, first_occurred_at, reason_counts";
  private static final String INSERT_MANY = "INSERT INTO audit_log (" + COLUMNS + ") "
      + "SELECT u.id, u.tenant, u.at, u.sub, string_to_array(u.roles, chr(31)), u.action, u.rtype, u.rid, u.outcome, "
      + "u.reason, u.req, u.iss, u.n, u.first, u.counts::jsonb FROM unnest($1::uuid[], $2::text[], "
      + "$3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], "
      + "$11::text[], $12::text[], $13::int[], $14::timestamptz[], $15::text[]) "
      + "AS u(id, tenant, at, sub, roles, action, rtype, rid, outcome, reason, req, iss, n, first, counts)";
  private static final int MAX_BATCH = 500;

  private record Pending(AuditEvent event, Promise<Void> done) {
  }

  private final Pool auditPool;
  private List<Pending> queue = new ArrayList<>();
  private boolean writing;

  public AuditLogWriter(Pool auditPool) {
    this.auditPool = Objects.requireNonNull(auditPool, "auditPool");
  }

  @Override
  public Future<Void> handle(KafkaConsumerRecord<String, byte[]> record) {
    AuditEvent e = AuditEvent.decode(record.value());
    EventHeaders.requireTenant(record.headers(), e.tenantId());
    Promise<Void> done = Promise.promise();
    queue.add(new Pending(e, done));
    flush();
    return done.future();
  }

  private void flush() {
    if (writing || queue.isEmpty()) {
      return;
    }
    List<Pending> batch = queue.size() <= MAX_BATCH ? queue : new ArrayList<>(queue.subList(0, MAX_BATCH));
    queue = queue.size() <= MAX_BATCH ? new ArrayList<>() : new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
    writing = true;
    Future<Void> written = batch.size() == 1 ? insertOne(batch.get(0).event()) : insertMany(batch)
        .recover(t -> isDuplicate(t) ? insertEach(batch, 0) : Future.failedFuture(t));
    written.onComplete(ar -> {
      writing = false;
      for (Pending p : batch) {
        if (ar.succeeded()) {
          p.done().complete();
        } else {
          p.done().fail(ar.cause());
        }
      }
      flush();
    });
  }

  private Future<Void> insertEach(List<Pending> batch, int i) {
    return i >= batch.size() ? Future.succeededFuture()
        : insertOne(batch.get(i).event()).compose(v -> insertEach(batch, i + 1));
  }

  private Future<Void> insertOne(AuditEvent e) {
    return AuditLogAppend.append(auditPool, e);
  }

  private Future<Void> insertMany(List<Pending> batch) {
    int n = batch.size();
    java.util.UUID[] ids = new java.util.UUID[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    Integer[] occurrences = new Integer[n];
    OffsetDateTime[] firstAt = new OffsetDateTime[n];
    String[] reasonCounts = new String[n];
    String[][] text = new String[10][n];
    for (int i = 0; i < n; i++) {
      AuditEvent e = batch.get(i).event();
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
        reasonCounts[i] = AuditLogAppend.reasonCounts(e);
      }
    }
    Tuple t = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(text[0]).addArrayOfOffsetDateTime(at)
        .addArrayOfString(text[1]).addArrayOfString(text[2]).addArrayOfString(text[3]).addArrayOfString(text[4])
        .addArrayOfString(text[5]).addArrayOfString(text[6]).addArrayOfString(text[7]).addArrayOfString(text[8])
        .addArrayOfString(text[9]).addArrayOfInteger(occurrences).addArrayOfOffsetDateTime(firstAt)
        .addArrayOfString(reasonCounts);
    return auditPool.preparedQuery(INSERT_MANY).execute(t).mapEmpty();
  }

  private static boolean isDuplicate(Throwable t) {
    return AuditLogAppend.isDuplicate(t);
  }

  private static OffsetDateTime utc(AuditEvent e) {
    return e.occurredAt().atOffset(ZoneOffset.UTC);
  }

  private static String outcome(AuditEvent e) {
    return e.outcome().name().toLowerCase();
  }
}
