package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.crypto.CryptoException;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.ChunkBatch;
import io.chartline.common.events.DeadLetter;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.store.SealingObjectStore;
import io.chartline.common.tenant.TenantId;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.s3.S3ObjectStore;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant envelope encryption end to end: chunk text is sealed on Kafka and at rest, opens only
 * under its own tenant and document, and search still answers with the text.
 */
class EncryptionIT {

  static final String A = "it-crypto-a";
  static final String B = "it-crypto-b";
  static final String CANARY = "Zyxwillow Quarrington";

  static TestNode node;
  static String docA;

  @BeforeAll
  static void start() throws Exception {
    // the note buries its one sentence about a cough among unrelated ones (best passage 0.48):
    // below the calibrated answer threshold, and this class is about sealing, not about the threshold
    node = TestNode.start(TestNode.isolatedSettings("crypto", Map.of("CHARTLINE_QUERY_MIN_SCORE", "0.3")),
        Set.of(Role.values()), DevKeys.generate());
    try (Blocking api = new Blocking(node)) {
      docA = api.upload(node.token(A, "clinician"), "text/plain",
          "Patient " + CANARY + " was seen for persistent cough. " + Texts.note(21, 12));
      api.awaitIndexed(node.token(A, "clinician"), docA);
      String docB = api.upload(node.token(B, "clinician"), "text/plain", Texts.note(22, 6));
      api.awaitIndexed(node.token(B, "clinician"), docB);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  record StoredChunk(String content, byte[] cipher, Integer keyVersion) {
  }

  static List<StoredChunk> stored(String tenant, String documentId) throws Exception {
    return node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(tenant)).compose(x -> c.preparedQuery(
                "SELECT content, content_cipher, key_version FROM chunks WHERE document_id = $1 ORDER BY chunk_index")
                .execute(Tuple.of(UUID.fromString(documentId)))))
        .map(rs -> {
          List<StoredChunk> out = new ArrayList<>();
          for (Row r : rs) {
            out.add(new StoredChunk(r.getString(0), r.getBuffer(1) == null ? null : r.getBuffer(1).getBytes(),
                r.getInteger(2)));
          }
          return out;
        })
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void chunkTextIsSealedAtRestAndStillAnswersSearches() throws Exception {
    List<StoredChunk> rows = stored(A, docA);

    assertThat(rows).isNotEmpty().allSatisfy(r -> {
      assertThat(r.content()).isNull();
      assertThat(r.keyVersion()).isEqualTo(1);
      assertThat(new String(r.cipher(), StandardCharsets.ISO_8859_1)).doesNotContain("Quarrington");
    });
    HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + "/v1/search"))
        .header("Authorization", "Bearer " + node.token(A, "clinician")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"persistent cough\", \"top_k\": 3}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(search.body()).getJsonArray("results").getJsonObject(0).getString("text"))
        .contains(CANARY);
  }

  @Test
  void chunkRecordsOnKafkaCarryNoText() {
    List<ConsumerRecord<String, byte[]>> records = ResilienceIT.readAll(node, node.config().kafka().topics().chunks());

    assertThat(records).isNotEmpty().allSatisfy(r -> {
      ChunkBatch batch = ChunkBatch.decode(r.value());
      assertThat(batch.encoding()).isEqualTo(ChunkBatch.SEALED);
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain("Quarrington").doesNotContain("cough");
    });
  }

  @Test
  void aSealedChunkOpensOnlyForItsTenantAndDocument() throws Exception {
    StoredChunk row = stored(A, docA).get(0);
    TenantCrypto crypto = node.node().crypto();
    TenantCrypto.Envelope own = new TenantCrypto.Envelope(UUID.fromString(docA),
        new SealedText(row.keyVersion(), row.cipher()));

    assertThat(await(crypto.open(TenantId.of(A), List.of(own))).get(0)).contains(CANARY);
    assertThatThrownBy(() -> await(crypto.open(TenantId.of(B), List.of(own))))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    assertThatThrownBy(() -> await(crypto.open(TenantId.of(A), List.of(new TenantCrypto.Envelope(UUID.randomUUID(),
        own.sealed())))))
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
  }

  /** A tenant-A chunk record re-addressed to tenant B is dead-lettered and stores nothing for B. */
  @Test
  void aChunkRecordMovedToAnotherTenantIsDeadLettered() throws Exception {
    ConsumerRecord<String, byte[]> original = ResilienceIT.readAll(node, node.config().kafka().topics().chunks())
        .stream().filter(r -> r.key().equals(docA)).findFirst().orElseThrow();
    JsonObject moved = new JsonObject(new String(original.value(), StandardCharsets.UTF_8)).put("tenantId", B);
    int before = Db.chunkCount(node, B);
    try (KafkaProducer<String, byte[]> producer = ResilienceIT.producer(node)) {
      ResilienceIT.send(producer, node.config().kafka().topics().chunks(), docA,
          moved.encode().getBytes(StandardCharsets.UTF_8), B);
    }
    long deadline = System.currentTimeMillis() + 60_000;
    List<DeadLetter> letters = List.of();
    while (letters.isEmpty() && System.currentTimeMillis() < deadline) {
      letters = ResilienceIT.readAll(node, node.config().kafka().topics().deadLetters()).stream()
          .map(r -> DeadLetter.decode(r.value())).filter(l -> l.stage().equals("embed")).toList();
      Thread.sleep(200);
    }
    // refused before any key is used: tenant B never had a document of that id at that generation
    assertThat(letters).singleElement().satisfies(l -> assertThat(l.reasonCode()).isEqualTo("GENERATION_MISMATCH"));
    assertThat(Db.chunkCount(node, B)).isEqualTo(before);
  }

  @Test
  void theLocalMasterKeyIsOwnerOnlyAndTenantKeysAreStoredWrapped() throws Exception {
    Path master = node.config().crypto().masterKeyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(master))).isEqualTo("rw-------");
    String masterText = Files.readString(master).strip();
    List<Row> keys = new ArrayList<>();
    node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(A)).compose(x -> c.query("SELECT provider, state, wrapped_key FROM tenant_keys").execute()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(keys::add);

    assertThat(keys).singleElement().satisfies(r -> {
      assertThat(r.getString("provider")).isEqualTo("local");
      assertThat(r.getString("state")).isEqualTo("active");
      assertThat(r.getBuffer("wrapped_key").length()).isGreaterThan(100);
      assertThat(r.getBuffer("wrapped_key").toString(StandardCharsets.ISO_8859_1)).doesNotContain(masterText);
    });
  }

  @Test
  void uploadedObjectsAreSealedInTheObjectStore() throws Exception {
    try (S3ObjectStore raw = new S3ObjectStore(node.node().vertx(), node.config().s3())) {
      ObjectStore.ObjectBytes stored = await(raw.get(TenantId.of(A), node.config().s3().bucket(),
          ObjectKeys.documentKey(TenantId.of(A), UUID.fromString(docA)), 10_000_000));

      assertThat(stored.metadata()).containsEntry(SealingObjectStore.ENCODING_METADATA, SealingObjectStore.SEALED);
      assertThat(new String(stored.bytes(), StandardCharsets.ISO_8859_1)).doesNotContain("Quarrington")
          .doesNotContain("cough");
      byte[] opened = await(node.node().crypto().openBytes(TenantId.of(A), UUID.fromString(docA), stored.bytes()));
      assertThat(new String(opened, StandardCharsets.UTF_8)).contains(CANARY);
      assertThatThrownBy(() -> await(node.node().crypto().openBytes(TenantId.of(B), UUID.fromString(docA),
          stored.bytes())))
          .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
    }
  }

  @Test
  void titlesAreSealedAtRestAndOpenedForTheirTenant() throws Exception {
    List<Row> rows = new ArrayList<>();
    node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(A)).compose(x -> c.preparedQuery(
                "SELECT title, title_cipher, title_key_version FROM documents WHERE document_id = $1")
                .execute(Tuple.of(UUID.fromString(docA)))))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(rows::add);
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(r.getString("title")).isNull();
      assertThat(r.getInteger("title_key_version")).isEqualTo(1);
      assertThat(r.getBuffer("title_cipher").toString(StandardCharsets.ISO_8859_1)).doesNotContain("note");
    });

    HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + "/v1/documents/" + docA))
        .header("Authorization", "Bearer " + node.token(A, "clinician")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(doc.body()).getString("title")).isEqualTo("note");
    HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + "/v1/query"))
        .header("Authorization", "Bearer " + node.token(A, "clinician")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"question\": \"persistent cough\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(new JsonObject(search.body()).getJsonArray("citations").getJsonObject(0).getString("title"))
        .isEqualTo("note");
  }
}
