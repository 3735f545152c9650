package io.chartline.common.audit;

import io.chartline.common.events.AuditEvent;
import io.vertx.core.Future;

/**
 * Port for emitting audit events. The future succeeds only when the event is durable (acknowledged
 * by the broker), so callers can withhold PHI when auditing fails.
 */
public interface AuditSink {
  Future<Void> emit(AuditEvent event);
}
