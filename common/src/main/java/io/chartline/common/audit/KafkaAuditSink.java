package io.chartline.common.audit;

import io.chartline.common.events.AuditEvent;
import io.chartline.common.kafka.EventPublisher;
import io.vertx.core.Future;
import java.util.Objects;

/** Publishes audit events to {@code audit.events.v1}, keyed by tenant so each tenant's order holds. */
public final class KafkaAuditSink implements AuditSink {

  private final EventPublisher publisher;

  public KafkaAuditSink(EventPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  public Future<Void> emit(AuditEvent event) {
    return publisher.publish(publisher.topics().audit(), event.kafkaKey(), event.encode(), event.tenantId(),
        AuditEvent.EVENT_TYPE, AuditEvent.SCHEMA_VERSION, null);
  }
}
