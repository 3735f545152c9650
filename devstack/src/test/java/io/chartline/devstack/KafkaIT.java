package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaIT {

  @Test
  void recordProducedToCreatedTopicIsConsumed() throws Exception {
    KafkaServer kafka = TestStack.get().kafka();
    String topic = TestClients.unique("it-topic");
    try (Admin admin = Admin.create(TestClients.kafkaAdmin(kafka))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(TestClients.kafkaProducer(kafka))) {
      producer.send(new ProducerRecord<>(topic, "doc-1", "hello")).get(30, TimeUnit.SECONDS);
    }

    assertThat(consumeAll(kafka, topic, 1)).singleElement()
        .satisfies(rec -> assertThat(rec.key()).isEqualTo("doc-1"))
        .satisfies(rec -> assertThat(rec.value()).isEqualTo("hello"));
  }

  /** Reads partition 0 of {@code topic} from the start until {@code expected} records arrived or 20 s passed. */
  static List<ConsumerRecord<String, String>> consumeAll(KafkaServer kafka, String topic, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TestClients.kafkaConsumer(kafka))) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
    }
    return records;
  }
}
