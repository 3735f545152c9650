package io.chartline.common.audit;

import io.chartline.common.events.AuditEvent;
import io.chartline.common.kafka.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Publishes audit events to {@code audit.events.v1}, keyed by tenant so each tenant's order holds.
 * Records {@code chartline_audit_emit_seconds}: the time until the broker acknowledged the event,
 * which every PHI response waits for.
 */
public final class KafkaAuditSink implements AuditSink {

  private final EventPublisher publisher;
  private final Timer durable;

  public KafkaAuditSink(EventPublisher publisher, MeterRegistry registry) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.durable = Timer.builder("chartline.audit.emit")
        .description("Time until an audit event is acknowledged by the broker")
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(registry);
  }

  @Override
  public Future<Void> emit(AuditEvent event) {
    long start = System.nanoTime();
    return publisher.publish(publisher.topics().audit(), event.kafkaKey(), event.encode(), event.tenantId(),
            AuditEvent.EVENT_TYPE, AuditEvent.SCHEMA_VERSION, null)
        .onSuccess(v -> durable.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }
}
