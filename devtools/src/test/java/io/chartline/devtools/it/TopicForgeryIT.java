package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.pg.TenantTx;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.DeadLetter;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.events.S3EventCodec;
import io.chartline.common.events.UploadedObject;
import io.chartline.common.tenant.TenantId;
import io.chartline.s3.S3ObjectStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A record on a topic is input, not a command. With broker write access only, nothing can be
 * forged (no proof of origin); even a producer holding the deployment's record key cannot store
 * text in clear, replace a document with a generation the ingest stage never assigned, delete a
 * document whose object exists, or import another bucket's object. Each refusal is a dead letter
 * with a stable code, and the stored document, its sealed chunks and its status stay as they were.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TopicForgeryIT {

  static final String TENANT = "it-forgery";
  static TestNode node;
  static Blocking api;
  static String token;
  static String doc;
  static String stored;

  @BeforeAll
  static void indexOneDocument() throws Exception {
    node = TestNode.start("forgery");
    api = new Blocking(node);
    token = node.token(TENANT, "clinician");
    doc = api.upload(token, "text/plain", Texts.note(21, 12));
    api.awaitIndexed(token, doc);
    stored = chunkState(doc);
    assertThat(stored).as("sealed chunks, no clear text").matches("\\d+ chunks, 0 in clear, generation \\d+");
  }

  @AfterAll
  static void close() throws Exception {
    if (api != null) {
      api.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void recordsWithoutAProofOfOriginAreRefusedOnEveryTopic() throws Exception {
    JsonObject plain = plainBatch(Long.MAX_VALUE / 2);
    AuditEvent forgedAudit = new AuditEvent(UUID.randomUUID(), Instant.now(), TENANT, "mallory", List.of("auditor"),
        "document.read", "document", doc, AuditEvent.Outcome.SUCCESS, null, "forged-request");
    try (KafkaProducer<String, byte[]> broker = ResilienceIT.unsignedProducer(node)) {
      ResilienceIT.send(broker, node.config().kafka().topics().chunks(), doc, bytes(plain), TENANT);
      ResilienceIT.send(broker, node.config().kafka().topics().uploaded(), doc, removal(doc), TENANT);
      ProducerRecord<String, byte[]> audit = new ProducerRecord<>(node.config().kafka().topics().audit(),
          forgedAudit.kafkaKey(), forgedAudit.encode());
      audit.headers().add("tenant-id", TENANT.getBytes(StandardCharsets.UTF_8));
      broker.send(audit).get(30, TimeUnit.SECONDS);
    }
    for (String stage : List.of("embed", "ingest", "audit")) {
      assertThat(awaitLetter(stage, "RECORD_NOT_AUTHENTIC").reason()).contains("chartline-origin");
    }
    assertUnchanged();
    io.vertx.sqlclient.Pool admin = Superuser.pool(node.node().vertx(), node.config().db());
    long rows = admin.preparedQuery("SELECT count(*) FROM audit_log WHERE event_id = $1")
        .execute(Tuple.of(forgedAudit.eventId())).eventually(admin::close)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(rows).as("forged audit rows").isZero();
  }

  @Test
  void aPlainBatchIsRefusedWhereTextIsSealedEvenWithTheKey() throws Exception {
    try (KafkaProducer<String, byte[]> insider = ResilienceIT.producer(node)) {
      ResilienceIT.send(insider, node.config().kafka().topics().chunks(), doc, bytes(plainBatch(generation())),
          TENANT);
    }
    awaitLetter("embed", "PLAINTEXT_REFUSED");
    assertUnchanged();
  }

  @Test
  void aBatchWithAGenerationTheIngestStageNeverAssignedIsRefused() throws Exception {
    JsonObject genuine = new JsonObject(new String(originalBatch().value(), StandardCharsets.UTF_8));
    try (KafkaProducer<String, byte[]> insider = ResilienceIT.producer(node)) {
      ResilienceIT.send(insider, node.config().kafka().topics().chunks(), doc,
          bytes(genuine.copy().put("generation", genuine.getLong("generation") + 1_000_000)), TENANT);
    }
    awaitLetter("embed", "GENERATION_MISMATCH");
    assertUnchanged();
  }

  @Test
  void uploadEventsAreHonouredOnlyForTheDeploymentsBucketAndExistingObjects() throws Exception {
    TenantId tenant = TenantId.of(TENANT);
    UUID id = UUID.fromString(doc);
    UploadedObject otherBucket = new UploadedObject("ObjectCreated:Put", "someone-elses-bucket",
        ObjectKeys.documentKey(tenant, id), 100, null, null, tenant, id, "text/plain");
    TenantId other = TenantId.of("it-forgery-other");
    UploadedObject otherTenant = new UploadedObject("ObjectCreated:Put", node.config().s3().bucket(),
        ObjectKeys.documentKey(other, id), 100, null, null, other, id, "text/plain");
    try (KafkaProducer<String, byte[]> insider = ResilienceIT.producer(node)) {
      ResilienceIT.send(insider, node.config().kafka().topics().uploaded(), doc,
          S3EventCodec.encode(otherBucket, "us-east-1", Instant.now()), TENANT);
      ResilienceIT.send(insider, node.config().kafka().topics().uploaded(), doc,
          S3EventCodec.encode(otherTenant, "us-east-1", Instant.now()), other.value());
      // its object is still in the store: the removal is refused
      ResilienceIT.send(insider, node.config().kafka().topics().uploaded(), doc, removal(doc), TENANT);
    }
    awaitLetter("ingest", "BUCKET_NOT_ALLOWED");
    awaitLetter("ingest", "OBJECT_STILL_EXISTS");
    // another tenant's key naming this document's id: no such document there, and this one untouched
    awaitLetter("ingest", "NOT_FOUND");
    assertUnchanged();
  }

  @Test
  void aRemovalIsHonouredOnceTheObjectIsGone() throws Exception {
    String gone = api.upload(token, "text/plain", Texts.note(22, 6));
    api.awaitIndexed(token, gone);
    try (S3ObjectStore raw = new S3ObjectStore(node.node().vertx(), node.config().s3())) {
      raw.delete(TenantId.of(TENANT), ObjectKeys.documentKey(TenantId.of(TENANT), UUID.fromString(gone)))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node)) {
      ResilienceIT.send(producer, node.config().kafka().topics().uploaded(), gone, removal(gone), TENANT);
    }
    long deadline = System.currentTimeMillis() + 60_000;
    while (!"deleted".equals(api.document(token, gone).getString("status")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(api.document(token, gone).getString("status")).isEqualTo("deleted");
    assertThat(Db.chunkIndexes(node, TENANT, gone)).isEmpty();
    assertUnchanged();
  }

  static void assertUnchanged() throws Exception {
    assertThat(chunkState(doc)).isEqualTo(stored);
    assertThat(api.document(token, doc).getString("status")).isEqualTo("indexed");
  }

  static byte[] removal(String id) {
    TenantId tenant = TenantId.of(TENANT);
    UploadedObject removed = new UploadedObject("ObjectRemoved:Delete", node.config().s3().bucket(),
        ObjectKeys.documentKey(tenant, UUID.fromString(id)), 0, null, null, tenant, UUID.fromString(id), null);
    return S3EventCodec.encode(removed, "us-east-1", Instant.now());
  }

  /** A batch in clear replacing the whole document, as an attacker would write it. */
  static JsonObject plainBatch(long generation) {
    JsonArray chunks = new JsonArray().add(new JsonObject().put("index", 0).put("page", 1).put("start", 0)
        .put("end", 21).put("tokens", 5).put("text", "attacker-chosen text."));
    return new JsonObject().put("tenantId", TENANT).put("documentId", doc).put("generation", generation)
        .put("batchIndex", 0).put("batchCount", 1).put("totalChunks", 1).put("pageCount", 1).put("encoding", "plain")
        .put("chunks", chunks);
  }

  static ConsumerRecord<String, byte[]> originalBatch() {
    return ResilienceIT.readAll(node, node.config().kafka().topics().chunks()).stream()
        .filter(r -> doc.equals(r.key())).findFirst().orElseThrow();
  }

  static long generation() {
    return new JsonObject(new String(originalBatch().value(), StandardCharsets.UTF_8)).getLong("generation");
  }

  static byte[] bytes(JsonObject o) {
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }

  /** The document's stored chunks, summarised: how many, how many in clear, their generation. */
  static String chunkState(String id) throws Exception {
    Row r = TenantTx.run(node.node().appPool(), TenantId.of(TENANT), c -> c.preparedQuery(
            "SELECT count(*), count(content), max(generation) FROM chunks WHERE document_id = $1")
            .execute(Tuple.of(UUID.fromString(id))))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).iterator().next();
    return r.getLong(0) + " chunks, " + r.getLong(1) + " in clear, generation " + r.getLong(2);
  }

  static DeadLetter awaitLetter(String stage, String code) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      for (ConsumerRecord<String, byte[]> r : ResilienceIT.readAll(node, node.config().kafka().topics().deadLetters())) {
        DeadLetter l = DeadLetter.decode(r.value());
        if (l.stage().equals(stage) && l.reasonCode().equals(code)) {
          return l;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no dead letter " + code + " from stage " + stage);
  }
}
