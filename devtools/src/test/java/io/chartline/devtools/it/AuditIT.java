package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.events.AuditEvent;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
      Consumed.awaitAllHandled(node, topic, 60_000); // the redelivered copies too, which must change nothing
      rows = Db.auditReasonsAndIds(node, TENANT).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      assertThat(rows).hasSize(200).doesNotHaveDuplicates();
      assertThat(rows).containsExactlyInAnyOrderElementsOf(events.stream().map(e -> e.eventId().toString()).toList());
    }
  }

  /**
   * A subject is unique only within its issuer, so rows name both: the API records the verified
   * token's issuer, and events arriving on the stream keep theirs (or none) through single and batched
   * inserts alike.
   */
  @Test
  void rowsRecordTheTokenIssuerBesideTheSubject() throws Exception {
    try (TestNode node = TestNode.start(TestNode.isolatedSettings("audit_issuer", Map.of()),
        EnumSet.of(Role.API, Role.AUDIT), DevKeys.generate());
        KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node)) {
      // GIVEN a request authenticated by a dev token, and events produced with and without an issuer
      String requestId = "issuer-" + UUID.randomUUID();
      HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.port() + "/v1/documents"))
          .header("Authorization", "Bearer " + node.token(TENANT, "clinician")).header("X-Request-Id", requestId)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(listed.statusCode()).isEqualTo(200);
      String topic = node.config().kafka().topics().audit();
      List<String> streamed = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "streamed-" + i + "-" + UUID.randomUUID();
        streamed.add(id);
        producer.send(record(topic, new AuditEvent(UUID.randomUUID(), Instant.now(), TENANT, "user-" + i,
            List.of("clinician"), "document.read", "document", UUID.randomUUID().toString(), Outcome.SUCCESS, null,
            id, i % 2 == 0 ? "https://idp-" + i + ".example" : null)));
      }
      producer.flush();
      List<String> all = new ArrayList<>(streamed);
      all.add(requestId);

      // WHEN the audit stage has appended them
      Map<String, AuditRows.Entry> rows = AuditRows.awaitAll(new ApiClient(node.node().vertx(), node.port()),
          node.node(), node.config(), all, 60_000).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);

      // THEN the API's row names the dev issuer and the subject, and streamed rows keep what they carried
      AuditRows.Entry api = rows.get(requestId);
      assertThat(api.action()).isEqualTo("document.list");
      assertThat(api.subject()).isEqualTo("it-user");
      assertThat(api.issuer()).isEqualTo(DevKeys.ISSUER);
      for (int i = 0; i < streamed.size(); i++) {
        assertThat(rows.get(streamed.get(i)).issuer()).as("event " + i)
            .isEqualTo(i % 2 == 0 ? "https://idp-" + i + ".example" : null);
      }
    }
  }

  static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record(String topic, AuditEvent e) {
    var r = new org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>(topic, e.kafkaKey(), e.encode());
    r.headers().add("tenant-id", TENANT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return r;
  }
}
