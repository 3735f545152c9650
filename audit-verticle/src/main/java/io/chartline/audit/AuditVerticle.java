package io.chartline.audit;

import io.chartline.common.kafka.ConsumerOptions;
import io.chartline.common.kafka.DeadLetterPublisher;
import io.chartline.common.kafka.KafkaSettings;
import io.chartline.common.kafka.PipelineConsumer;
import io.chartline.common.kafka.RecordHandler;
import io.chartline.common.kafka.RecordOrigin;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Objects;

/** Consumes {@code audit.events.v1} and appends every event to the append-only audit log. */
public final class AuditVerticle extends VerticleBase {

  private final KafkaSettings kafka;
  private final String groupId;
  private final RecordHandler writer;
  private final DeadLetterPublisher deadLetters;
  private final RecordOrigin origin;
  private final MeterRegistry registry;
  private PipelineConsumer consumer;

  public AuditVerticle(KafkaSettings kafka, String groupId, RecordHandler writer, DeadLetterPublisher deadLetters,
      RecordOrigin origin, MeterRegistry registry) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.groupId = Objects.requireNonNull(groupId, "groupId");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Future<?> start() {
    consumer = new PipelineConsumer(vertx, kafka,
        ConsumerOptions.of("audit", groupId, kafka.topics().audit(), 256, kafka.commitInterval())
            .batchingFetches(java.time.Duration.ofMillis(200)),
        writer, deadLetters, origin, registry);
    return consumer.start();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.stop();
  }
}
