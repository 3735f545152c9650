package io.chartline.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.AuditEvent.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** The audit log keeps every event exactly once, however often it is delivered and however batched. */
class AuditIT {

  static final String TENANT = "it-audit";

  @Test
  void burstsAndRedeliveriesLeaveExactlyOneRowPerEvent() throws Exception {
    try (TestNode node = TestNode.start("audit"); KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node)) {
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        events.add(new AuditEvent(UUID.randomUUID(), Instant.now(), TENANT, "user-" + i, List.of("clinician", "analyst"),
            "document.read", "document", UUID.randomUUID().toString(), Outcome.SUCCESS, null, "req-" + i));
      }
      String topic = node.config().kafka().topics().audit();
      for (AuditEvent e : events) {
        producer.send(record(topic, e));
      }
      for (AuditEvent e : events.subList(0, 50)) {
        producer.send(record(topic, e));
      }
      producer.flush();
      List<String> rows = new ApiClient(node.node().vertx(), node.port())
          .poll(() -> Db.auditReasonsAndIds(node, TENANT), r -> r.size() >= 200, 60_000)
          .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      Thread.sleep(2000); // redelivered copies are consumed after the originals; give them time to (not) land
      rows = Db.auditReasonsAndIds(node, TENANT).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      assertThat(rows).hasSize(200).doesNotHaveDuplicates();
      assertThat(rows).containsExactlyInAnyOrderElementsOf(events.stream().map(e -> e.eventId().toString()).toList());
    }
  }

  static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record(String topic, AuditEvent e) {
    var r = new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(topic, e.kafkaKey(), e.encode());
    r.headers().add("tenant-id", TENANT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return r;
  }
}
