package io.chartline.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one pipeline stage consumes.
 *
 * @param maxInFlightPerPartition a partition is paused when this many of its records are not yet
 *     committable, and resumed at half of it
 * @param maxAttempts attempts for transient failures before the record is dead-lettered
 * @param fetchMaxWait zero for latency-sensitive stages (fetch as soon as anything is there);
 *     otherwise the broker may hold a fetch this long to fill it, which saves requests on both
 *     sides for stages nobody waits on (the audit log)
 */
public record ConsumerOptions(String stage, String groupId, List<String> topics, int maxInFlightPerPartition,
    Duration commitInterval, int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration fetchMaxWait) {

  public ConsumerOptions {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(groupId, "groupId");
    topics = List.copyOf(topics);
    if (topics.isEmpty()) {
      throw new IllegalArgumentException(stage + ": topics must not be empty");
    }
    if (maxInFlightPerPartition < 1) {
      throw new IllegalArgumentException(stage + ": maxInFlightPerPartition must be >= 1");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(stage + ": maxAttempts must be >= 1");
    }
  }

  public static ConsumerOptions of(String stage, String groupId, String topic, int maxInFlightPerPartition,
      Duration commitInterval) {
    return new ConsumerOptions(stage, groupId, List.of(topic), maxInFlightPerPartition, commitInterval, 6,
        Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ZERO);
  }

  /** The same options for a stage nobody waits on: fetches may wait up to {@code wait} to fill. */
  public ConsumerOptions batchingFetches(Duration wait) {
    return new ConsumerOptions(stage, groupId, topics, maxInFlightPerPartition, commitInterval, maxAttempts,
        initialBackoff, maxBackoff, wait);
  }
}
