package io.chartline.launcher;

import io.chartline.common.embed.Embedder;
import io.chartline.common.kafka.Backpressure;
import io.chartline.common.kafka.ConsumerFactory;
import io.chartline.common.kafka.ConsumerOptions;
import io.chartline.common.kafka.ConsumerVerticle;
import io.chartline.common.kafka.DeadLetterPublisher;
import io.chartline.common.kafka.PipelineConsumer;
import io.chartline.common.kafka.RecordHandler;
import io.chartline.common.kafka.RecordOrigin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * The consuming stages (ingest, embed, audit) as {@link ConsumerVerticle}s: each one's name, topic,
 * window and handler, over the same consumer component. The embed stage pauses its partitions
 * while the embedder is saturated.
 */
final class Stages {

  /** The audit stage batches fetches: nobody waits on it, and the broker can fill them. */
  private static final Duration AUDIT_FETCH_WAIT = Duration.ofMillis(200);
  private static final int AUDIT_WINDOW = 256;

  private final AppConfig config;
  private final DeadLetterPublisher deadLetters;
  private final RecordOrigin origin;
  private final MeterRegistry registry;

  Stages(AppConfig config, DeadLetterPublisher deadLetters, RecordOrigin origin, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Consumes {@code docs.uploaded.v1}: fetch, detect, parse, chunk, publish {@code docs.chunks.v1}. */
  ConsumerVerticle ingest(RecordHandler uploads) {
    return stage(ConsumerOptions.of("ingest", config.ingest().groupId(), config.kafka().topics().uploaded(),
        config.ingest().maxInFlightPerPartition(), config.kafka().commitInterval()), uploads, Backpressure.none());
  }

  /** Consumes {@code docs.chunks.v1}: embeds, upserts into pgvector, marks documents indexed; waits while the embedder is saturated. */
  ConsumerVerticle embed(RecordHandler chunks, Embedder embedder) {
    return stage(ConsumerOptions.of("embed", config.embed().groupId(), config.kafka().topics().chunks(),
        config.embed().maxInFlightPerPartition(), config.kafka().commitInterval()), chunks,
        Backpressure.of(embedder::saturated, embedder::capacity));
  }

  /** Consumes {@code audit.events.v1} and appends every event to the append-only audit log. */
  ConsumerVerticle audit(RecordHandler writer) {
    return stage(ConsumerOptions.of("audit", config.groupPrefix() + "chartline-audit", config.kafka().topics().audit(),
        AUDIT_WINDOW, config.kafka().commitInterval()).batchingFetches(AUDIT_FETCH_WAIT), writer, Backpressure.none());
  }

  private ConsumerVerticle stage(ConsumerOptions options, RecordHandler handler, Backpressure backpressure) {
    return new ConsumerVerticle(vertx -> new PipelineConsumer(vertx, config.kafka(), options, handler, deadLetters,
        origin, registry, backpressure, ConsumerFactory.kafka()));
  }
}
