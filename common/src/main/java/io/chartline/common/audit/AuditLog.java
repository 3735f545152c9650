package io.chartline.common.audit;

import io.chartline.common.events.AuditEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * Port for the audit log itself (the durable record, as opposed to the stream subscribers read):
 * append only, and idempotent per event id, so an event that arrives twice (written directly and
 * again through {@code audit.events.v1}, or redelivered) is recorded once.
 */
public interface AuditLog extends AuditSink {

  /** @return succeeds once every event is committed (or was already there) */
  Future<Void> append(List<AuditEvent> events);

  /** Appends one event: durable when the future succeeds. */
  @Override
  default Future<Void> emit(AuditEvent event) {
    return append(List.of(event));
  }
}
