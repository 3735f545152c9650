package io.chartline.audit;

import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.EventHeaders;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.kafka.RecordHandler;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Appends {@code audit.events.v1} records to {@code audit_log} as the audit-writer role (INSERT
 * only, no SELECT: so no {@code ON CONFLICT}, which needs it). The event id is unique; a
 * redelivered event fails with SQLSTATE 23505 and counts as already recorded.
 */
public final class AuditLogWriter implements RecordHandler {

  private static final String INSERT = "INSERT INTO audit_log (event_id, tenant_id, occurred_at, subject, roles, "
      + "action, resource_type, resource_id, outcome, reason_code, request_id) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool auditPool;

  public AuditLogWriter(Pool auditPool) {
    this.auditPool = Objects.requireNonNull(auditPool, "auditPool");
  }

  @Override
  public Future<Void> handle(KafkaConsumerRecord<String, byte[]> record) {
    AuditEvent e = AuditEvent.decode(record.value());
    String headerTenant = EventHeaders.get(record.headers(), EventHeaders.TENANT_ID).orElse(null);
    if (!Objects.equals(headerTenant, e.tenantId())) {
      throw new ChartlineException(ErrorCode.TENANT_MISMATCH, "tenant-id header does not match the payload");
    }
    Tuple t = Tuple.tuple().addUUID(e.eventId()).addString(e.tenantId())
        .addOffsetDateTime(e.occurredAt().atOffset(ZoneOffset.UTC)).addString(e.subject())
        .addArrayOfString(e.roles().toArray(String[]::new)).addString(e.action()).addString(e.resourceType())
        .addString(e.resourceId()).addString(e.outcome().name().toLowerCase()).addString(e.reasonCode())
        .addString(e.requestId());
    return auditPool.preparedQuery(INSERT).execute(t).<Void>mapEmpty()
        .recover(err -> err instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? Future.succeededFuture() : Future.failedFuture(err));
  }
}
