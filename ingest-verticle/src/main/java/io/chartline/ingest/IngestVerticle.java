package io.chartline.ingest;

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

/** Consumes {@code docs.uploaded.v1}: fetch, detect, parse, chunk, publish {@code docs.chunks.v1}. */
public final class IngestVerticle extends VerticleBase {

  private final KafkaSettings kafka;
  private final IngestConfig config;
  private final RecordHandler handler;
  private final DeadLetterPublisher deadLetters;
  private final RecordOrigin origin;
  private final MeterRegistry registry;
  private PipelineConsumer consumer;

  public IngestVerticle(KafkaSettings kafka, IngestConfig config, RecordHandler handler,
      DeadLetterPublisher deadLetters, RecordOrigin origin, MeterRegistry registry) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Future<?> start() {
    consumer = new PipelineConsumer(vertx, kafka,
        ConsumerOptions.of("ingest", config.groupId(), kafka.topics().uploaded(), config.maxInFlightPerPartition(),
            kafka.commitInterval()),
        handler, deadLetters, origin, registry);
    return consumer.start();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.stop();
  }
}
