package io.chartline.common.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds producer and consumer properties: the deployment's extra properties (security for MSK,
 * for instance) first, then the pipeline's own settings, so nothing a deployment adds can turn off
 * acks=all, idempotence, bounded blocking or manual commits.
 */
public final class KafkaClientConfigs {

  private KafkaClientConfigs() {
  }

  /**
   * Idempotent, {@code acks=all}, and bounded so {@code send()} never blocks an event loop for long
   * while metadata is missing.
   */
  public static Map<String, String> producer(KafkaSettings s, String clientId) {
    Map<String, String> m = new HashMap<>(s.extra());
    m.put("bootstrap.servers", s.bootstrapServers());
    m.put("client.id", clientId);
    m.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    m.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    m.put("enable.idempotence", "true");
    m.put("acks", "all");
    m.put("max.block.ms", Long.toString(s.maxBlock().toMillis()));
    m.put("delivery.timeout.ms", Long.toString(s.deliveryTimeout().toMillis()));
    m.putIfAbsent("request.timeout.ms", Long.toString(Math.min(s.deliveryTimeout().toMillis() - 5, 15_000)));
    m.putIfAbsent("linger.ms", "1");
    m.put("compression.type", s.compression());
    m.putIfAbsent("max.request.size", Integer.toString(4 * 1024 * 1024));
    return m;
  }

  /**
   * Auto-commit off (offsets are committed by {@link PipelineConsumer} when work is done);
   * values read as bytes so a bad record can never wedge the client's deserializer.
   */
  public static Map<String, String> consumer(KafkaSettings s, String groupId, String clientId) {
    Map<String, String> m = new HashMap<>(s.extra());
    m.put("bootstrap.servers", s.bootstrapServers());
    m.put("group.id", groupId);
    m.put("client.id", clientId);
    m.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    m.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    m.put("enable.auto.commit", "false");
    m.put("auto.offset.reset", "earliest");
    m.put("max.poll.records", Integer.toString(s.maxPollRecords()));
    m.putIfAbsent("max.poll.interval.ms", "300000");
    // A crashed instance's partitions move to the survivors within seconds, not the 45 s default.
    m.putIfAbsent("session.timeout.ms", "10000");
    m.putIfAbsent("heartbeat.interval.ms", "3000");
    m.putIfAbsent("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    return m;
  }

  public static Map<String, String> admin(KafkaSettings s) {
    Map<String, String> m = new HashMap<>(s.extra());
    m.put("bootstrap.servers", s.bootstrapServers());
    m.putIfAbsent("request.timeout.ms", "15000");
    m.putIfAbsent("default.api.timeout.ms", "30000");
    return m;
  }
}
