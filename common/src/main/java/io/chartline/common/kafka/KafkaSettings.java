package io.chartline.common.kafka;

import io.chartline.common.events.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kafka connection and client tuning.
 *
 * @param topics topic names (with the deployment's prefix)
 * @param commitInterval how often consumers commit finished offsets
 * @param compression producer {@code compression.type}: {@code none} by default, because the
 *     largest records (chunk batches) are sealed, and ciphertext does not compress; compressing
 *     would cost the producer, the broker (which decompresses to validate) and every consumer
 * @param extra additional client properties (security settings for MSK, for instance), applied last
 */
public record KafkaSettings(String bootstrapServers, Topics topics, int partitions, short replicationFactor,
    Duration maxBlock, Duration deliveryTimeout, int maxPollRecords, Duration commitInterval, String compression,
    Map<String, String> extra) {

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "CHARTLINE_KAFKA_BOOTSTRAP");
    Objects.requireNonNull(topics, "kafka.topics");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_BOOTSTRAP must not be empty");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_PARTITIONS must be >= 1");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_REPLICATION must be >= 1");
    }
    if (maxPollRecords < 1) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_MAX_POLL_RECORDS must be >= 1");
    }
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_COMMIT_INTERVAL must be positive");
    }
    if (!Set.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_COMPRESSION must be none, gzip, snappy, lz4 or zstd");
    }
    extra = Map.copyOf(extra);
  }
}
