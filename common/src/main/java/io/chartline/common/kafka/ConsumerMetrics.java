package io.chartline.common.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/** Record counters and the consumer lag of one stage; labels are bounded (stage and outcome only). */
final class ConsumerMetrics {

  private final Counter received;
  private final Counter processed;
  private final Counter retried;
  private final Counter deadLettered;
  private final Counter refused;
  private final Counter gated;
  private final Set<DoubleSupplier> lag;

  /** The lag sources of every consumer of a stage in a process, summed by one gauge per stage. */
  private static final Map<MeterRegistry, Map<String, Set<DoubleSupplier>>> LAG = new WeakHashMap<>();

  ConsumerMetrics(MeterRegistry registry, String stage) {
    synchronized (LAG) {
      Map<String, Set<DoubleSupplier>> stages = LAG.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
      lag = stages.computeIfAbsent(stage, st -> {
        Set<DoubleSupplier> sources = ConcurrentHashMap.newKeySet();
        Gauge.builder("chartline.consumer.lag", sources, ConsumerMetrics::sum).tag("stage", stage)
            .description("Records a stage's consumers in this process have yet to read on their partitions "
                + "(the sum of Kafka's records-lag): the metric to scale ingest and embed on")
            .register(registry);
        return sources;
      });
    }
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

  private static double sum(Set<DoubleSupplier> sources) {
    double total = 0;
    for (DoubleSupplier s : sources) {
      double v = s.getAsDouble();
      if (!Double.isNaN(v) && v > 0) {
        total += v;
      }
    }
    return total;
  }

  /** Counts {@code source} (one consumer's lag) in the stage's gauge until {@link #lagGone}. */
  void lagOf(DoubleSupplier source) {
    lag.add(source);
  }

  void lagGone(DoubleSupplier source) {
    lag.remove(source);
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
