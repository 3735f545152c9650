package io.chartline.common.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Record counters of one stage; labels are bounded (stage and outcome only). */
final class ConsumerMetrics {

  private final Counter received;
  private final Counter processed;
  private final Counter retried;
  private final Counter deadLettered;
  private final Counter refused;
  private final Counter gated;

  ConsumerMetrics(MeterRegistry registry, String stage) {
    received = counter(registry, stage, "received");
    processed = counter(registry, stage, "processed");
    retried = counter(registry, stage, "retried");
    deadLettered = counter(registry, stage, "dead_lettered");
    refused = counter(registry, stage, "refused");
    gated = Counter.builder("chartline.consumer.saturation.pauses").tag("stage", stage)
        .description("Times a stage paused all its partitions because its downstream was saturated")
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String stage, String outcome) {
    return Counter.builder("chartline.records").tag("stage", stage).tag("outcome", outcome)
        .description("Kafka records handled by a pipeline stage").register(registry);
  }

  void received() {
    received.increment();
  }

  void processed() {
    processed.increment();
  }

  void retried() {
    retried.increment();
  }

  void deadLettered() {
    deadLettered.increment();
  }

  /** A record refused as untrustworthy (no valid origin) or contradicting stored state; also dead-lettered. */
  void refused() {
    refused.increment();
  }

  /** Every partition was paused because the downstream is saturated. */
  void gated() {
    gated.increment();
  }
}
