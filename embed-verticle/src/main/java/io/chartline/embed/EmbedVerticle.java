package io.chartline.embed;

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

/** Consumes {@code docs.chunks.v1}: embeds, upserts into pgvector, marks documents indexed. */
public final class EmbedVerticle extends VerticleBase {

  private final KafkaSettings kafka;
  private final EmbedConfig config;
  private final RecordHandler handler;
  private final DeadLetterPublisher deadLetters;
  private final RecordOrigin origin;
  private final MeterRegistry registry;
  private PipelineConsumer consumer;

  public EmbedVerticle(KafkaSettings kafka, EmbedConfig config, RecordHandler handler, DeadLetterPublisher deadLetters,
      RecordOrigin origin, MeterRegistry registry) {
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
        ConsumerOptions.of("embed", config.groupId(), kafka.topics().chunks(), config.maxInFlightPerPartition(),
            kafka.commitInterval()),
        handler, deadLetters, origin, registry);
    return consumer.start();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.stop();
  }
}
