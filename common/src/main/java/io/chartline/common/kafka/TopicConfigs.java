package io.chartline.common.kafka;

import io.chartline.common.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Topic-level settings for the topics a node creates ({@code CHARTLINE_KAFKA_MIN_ISR},
 * {@code CHARTLINE_KAFKA_RETENTION}, {@code CHARTLINE_KAFKA_DLQ_RETENTION},
 * {@code CHARTLINE_KAFKA_AUDIT_RETENTION}); null leaves the broker's default. Applied when a topic
 * is created, never to an existing one (change those with the broker's tools or Terraform).
 *
 * @param minInSyncReplicas {@code min.insync.replicas}: with {@code acks=all}, how many replicas
 *     must have a record before it is acknowledged (2 with a replication factor of 3)
 * @param pipeline {@code retention.ms} of the upload, chunk and indexed topics
 * @param deadLetters {@code retention.ms} of the dead-letter topic (kept longer, for operators)
 * @param audit {@code retention.ms} of the audit event and alert topics (consumers replay them)
 */
public record TopicConfigs(Integer minInSyncReplicas, Duration pipeline, Duration deadLetters, Duration audit) {

  public TopicConfigs {
    if (minInSyncReplicas != null && minInSyncReplicas < 1) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_MIN_ISR must be >= 1");
    }
    for (Duration d : new Duration[] {pipeline, deadLetters, audit}) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new IllegalArgumentException("CHARTLINE_KAFKA_*_RETENTION must be positive");
      }
    }
  }

  public static TopicConfigs brokerDefaults() {
    return new TopicConfigs(null, null, null, null);
  }

  /** @return the configs to create {@code topic} with */
  public Map<String, String> forTopic(Topics topics, String topic) {
    Map<String, String> c = new HashMap<>();
    if (minInSyncReplicas != null) {
      c.put("min.insync.replicas", Integer.toString(minInSyncReplicas));
    }
    Duration retention = topic.equals(topics.deadLetters()) ? deadLetters
        : topic.equals(topics.audit()) || topic.equals(topics.alerts()) ? audit : pipeline;
    if (retention != null) {
      c.put("retention.ms", Long.toString(retention.toMillis()));
    }
    return c;
  }
}
