package io.chartline.devtools.it;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Proof that a stage has handled everything on a topic, instead of a sleep: a stage commits an
 * offset only after its handler finished that record and every earlier one of the partition, so
 * once the node's consumer group has committed the end offset of every partition, every record
 * written before the call was handled — including the ones that were supposed to change nothing.
 */
final class Consumed {

  private Consumed() {
  }

  /**
   * Waits until every consumer group of {@code node} that reads {@code topic} has committed, on
   * each partition, the end offset the partition had when this call began.
   *
   * @throws AssertionError when that does not happen within {@code timeoutMs}
   */
  static void awaitAllHandled(TestNode node, String topic, long timeoutMs) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", node.config().kafka().bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
          .partitions().stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      Map<TopicPartition, Long> end = new HashMap<>();
      for (var e : admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
          .all().get().entrySet()) {
        end.put(e.getKey(), e.getValue().offset());
      }
      long deadline = System.currentTimeMillis() + timeoutMs;
      String behind = "no consumer group of the node reads " + topic;
      while (System.currentTimeMillis() < deadline) {
        behind = behind(admin, node.config().groupPrefix() + "chartline-", topic, end);
        if (behind == null) {
          return;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("not every record on " + topic + " was handled in time: " + behind);
    }
  }

  /** @return what is still behind, or null when every group reading the topic caught up */
  private static String behind(Admin admin, String groupPrefix, String topic, Map<TopicPartition, Long> end)
      throws Exception {
    int groups = 0;
    for (ConsumerGroupListing g : admin.listConsumerGroups().all().get()) {
      if (!g.groupId().startsWith(groupPrefix)) {
        continue;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
          .partitionsToOffsetAndMetadata().get();
      if (committed.keySet().stream().noneMatch(tp -> tp.topic().equals(topic))) {
        continue;
      }
      groups++;
      for (var e : end.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        long at = c == null ? 0 : c.offset();
        if (at < e.getValue()) {
          return g.groupId() + " at " + at + " of " + e.getValue() + " on partition " + e.getKey().partition();
        }
      }
    }
    return groups == 0 ? "no consumer group of the node has committed on " + topic : null;
  }
}
