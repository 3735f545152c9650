package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.DeadLetter;
import io.chartline.common.events.ObjectKeys;
import io.chartline.pg.PgDocumentStore;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad records and bad documents end as dead letters or failed documents; the stages keep going. */
class FailureHandlingIT {

  static final String TENANT = "it-failures";
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start("failures");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void undecodableRecordsGoToTheDeadLetterTopicAndTheStageKeepsGoing() throws Exception {
    try (KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node); Blocking api = new Blocking(node)) {
      ResilienceIT.send(producer, node.config().kafka().topics().uploaded(), "k1",
          "{not json".getBytes(StandardCharsets.UTF_8), TENANT);
      ResilienceIT.send(producer, node.config().kafka().topics().chunks(), "k2",
          "{\"tenantId\":\"it-failures\"}".getBytes(StandardCharsets.UTF_8), TENANT);
      String token = node.token(TENANT, "clinician");
      String id = api.upload(token, "text/plain", Texts.note(7, 12));
      api.awaitIndexed(token, id);

      List<ConsumerRecord<String, byte[]>> dead = ResilienceIT.readAll(node, node.config().kafka().topics().deadLetters())
          .stream().filter(r -> List.of("k1", "k2").contains(r.key())).toList();
      assertThat(dead).hasSize(2);
      for (ConsumerRecord<String, byte[]> r : dead) {
        DeadLetter letter = DeadLetter.decode(r.value());
        assertThat(letter.reasonCode()).isEqualTo("UNDECODABLE_RECORD");
        assertThat(letter.reason()).isNotBlank();
        assertThat(letter.originalPayload()).isNotEmpty();
        assertThat(new String(r.headers().lastHeader("tenant-id").value(), StandardCharsets.UTF_8)).isEqualTo(TENANT);
      }
      assertThat(dead).extracting(r -> DeadLetter.decode(r.value()).stage()).containsExactlyInAnyOrder("ingest", "embed");
    }
  }

  /** A dead-lettered record about a document fails that document instead of leaving it in flight. */
  @Test
  void aDeadLetteredBatchFailsItsDocumentWithTheReasonCode() throws Exception {
    TenantId tenant = TenantId.of(TENANT);
    UUID id = UUID.randomUUID();
    PgDocumentStore documents = new PgDocumentStore(node.node().appPool());
    documents.insertReceived(tenant, id, "t", "text/plain", 10, new ObjectStore.StoredObject("b",
        ObjectKeys.documentKey(tenant, id), "e", null, 10), "it").toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    try (KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node); Blocking api = new Blocking(node)) {
      ResilienceIT.send(producer, node.config().kafka().topics().chunks(), id.toString(),
          "{\"tenantId\": 7}".getBytes(StandardCharsets.UTF_8), TENANT);
      String token = node.token(TENANT, "clinician");
      JsonObject doc = new JsonObject();
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline && !"failed".equals(doc.getString("status"))) {
        Thread.sleep(200);
        doc = api.document(token, id.toString());
      }
      assertThat(doc.getString("status")).isEqualTo("failed");
      assertThat(doc.getJsonObject("error").getString("code")).isEqualTo("UNDECODABLE_RECORD");
      assertThat(doc.getJsonObject("error").getString("message")).contains("embed").contains("dead-letter");
    }
  }

  @Test
  void corruptPdfAndUnsupportedContentEndFailedWithAReason() throws Exception {
    try (Blocking api = new Blocking(node)) {
      String token = node.token(TENANT, "clinician");
      String corrupt = api.upload(token, "application/pdf", new String(Samples.corruptPdf(),
          StandardCharsets.ISO_8859_1));
      String binary = api.upload(token, "text/plain", "\u0000\u0001\u0002PK\u0003\u0004 binary");
      String fine = api.upload(token, "text/plain", Texts.note(8, 10));
      api.awaitIndexed(token, fine);
      var corruptDoc = awaitFailed(api, token, corrupt);
      var binaryDoc = awaitFailed(api, token, binary);
      assertThat(corruptDoc.getJsonObject("error").getString("code")).isEqualTo("CORRUPT_DOCUMENT");
      assertThat(corruptDoc.getJsonObject("error").getString("message")).isNotBlank();
      assertThat(binaryDoc.getJsonObject("error").getString("code")).isEqualTo("UNSUPPORTED_TYPE");
      assertThat(Db.chunkIndexes(node, TENANT, corrupt)).isEmpty();
    }
  }

  static io.vertx.core.json.JsonObject awaitFailed(Blocking api, String token, String id) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      var doc = api.document(token, id);
      if ("failed".equals(doc.getString("status"))) {
        return doc;
      }
      assertThat(doc.getString("status")).isNotEqualTo("indexed");
      Thread.sleep(200);
    }
    throw new AssertionError("document did not fail: " + id);
  }
}
