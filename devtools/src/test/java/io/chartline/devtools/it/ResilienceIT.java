package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.ObjectKeys;
import io.chartline.common.events.S3EventCodec;
import io.chartline.common.events.UploadedObject;
import io.chartline.common.store.ChunkStore;
import io.chartline.pg.PgDocumentStore;
import io.chartline.pg.PgChunkStore;
import io.chartline.common.tenant.TenantId;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * At-least-once without duplicates: redelivered events and a consumer killed mid-stream (no
 * graceful stop, nothing committed) still end with every document indexed exactly once.
 * Blocking style on purpose: it drives whole processes and raw Kafka clients.
 */
class ResilienceIT {

  static final String TENANT = "it-resilience";

  @Test
  void redeliveredUploadAndChunkEventsDoNotDuplicateChunks() throws Exception {
    try (TestNode node = TestNode.start("redelivery"); Blocking api = new Blocking(node)) {
      String token = node.token(TENANT, "clinician");
      String id = api.upload(token, "text/plain", Texts.note(0, 40));
      UploadedObject again = new UploadedObject("ObjectCreated:Put", node.config().s3().bucket(),
          ObjectKeys.documentKey(TenantId.of(TENANT), UUID.fromString(id)), 1, null, null, TenantId.of(TENANT),
          UUID.fromString(id), "text/plain");
      try (KafkaProducer<String, byte[]> producer = producer(node)) {
        for (int i = 0; i < 3; i++) {
          send(producer, node.config().kafka().topics().uploaded(), id, S3EventCodec.encode(again, "us-east-1",
              Instant.now()), TENANT);
        }
        api.awaitIndexed(token, id);
        for (ConsumerRecord<String, byte[]> r : readAll(node, node.config().kafka().topics().chunks())) {
          send(producer, r.topic(), r.key(), r.value(), TENANT);
        }
      }
      Consumed.awaitAllHandled(node, node.config().kafka().topics().uploaded(), 60_000);
      Consumed.awaitAllHandled(node, node.config().kafka().topics().chunks(), 60_000);
      int expected = api.document(token, id).getInteger("chunk_count");
      assertThat(expected).isGreaterThan(1);
      assertThat(Db.chunkIndexes(node, TENANT, id)).hasSize(expected)
          .containsExactlyElementsOf(range(expected));
    }
  }

  /**
   * Redelivered uploads are parsed concurrently, each under its own generation: whichever order
   * their parses are recorded in, the document keeps the newest generation, whose chunks are the
   * ones stored, and becomes indexed.
   */
  @Test
  void anOlderParseNeverReplacesANewerOne() throws Exception {
    try (TestNode node = apiOnly("generations");
        Blocking api = new Blocking(node)) {
      String token = node.token(TENANT, "clinician");
      String id = api.upload(token, "text/plain", Texts.note(1, 40));
      PgDocumentStore documents = new PgDocumentStore(node.node().appPool());
      TenantId tenant = TenantId.of(TENANT);
      UUID doc = UUID.fromString(id);
      assertThat(await(documents.markParsed(tenant, doc, 2_000, 1, 3))).isTrue();
      assertThat(await(documents.markParsed(tenant, doc, 1_000, 1, 5)))
          .as("an older parse arriving late is refused").isFalse();
      assertThat(await(documents.markParsed(tenant, doc, 3_000, 1, 4))).isTrue();
      JsonObject document = api.document(token, id);
      assertThat(document.getString("status")).isEqualTo("parsed");
      assertThat(document.getInteger("chunk_count")).isEqualTo(4);
    }
  }

  /**
   * Two batches of one document stored at the same moment, each in its own transaction that also
   * checks for completion: the document ends indexed. (Without the document lock, each
   * transaction would count only its own chunks and neither would mark it.)
   */
  @Test
  void batchesOfOneDocumentStoredAtOnceStillCompleteIt() throws Exception {
    try (TestNode node = apiOnly("batches");
        Blocking api = new Blocking(node)) {
      String token = node.token(TENANT, "clinician");
      PgDocumentStore documents = new PgDocumentStore(node.node().appPool());
      PgChunkStore chunks = new PgChunkStore(node.node().appPool(), documents, 40);
      TenantId tenant = TenantId.of(TENANT);
      int dimension = node.config().db().vectorDimension();
      for (int round = 0; round < 6; round++) {
        String id = api.upload(token, "text/plain", Texts.note(round, 40));
        UUID doc = UUID.fromString(id);
        assertThat(await(documents.markParsed(tenant, doc, 5_000, 1, 16))).isTrue();
        Future<Optional<Integer>> first = chunks.upsertAndComplete(tenant, doc, 5_000, "test-model",
            rows(0, 8, dimension), true);
        Future<Optional<Integer>> second = chunks.upsertAndComplete(tenant, doc, 5_000, "test-model",
            rows(8, 16, dimension), true);
        await(Future.all(first, second));
        assertThat(first.result().or(second::result)).contains(16);
        assertThat(api.document(token, id).getString("status")).isEqualTo("indexed");
      }
    }
  }

  private static List<ChunkStore.ChunkRow> rows(int from, int to, int dimension) {
    Random random = new Random(from);
    List<ChunkStore.ChunkRow> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      float[] v = new float[dimension];
      for (int j = 0; j < dimension; j++) {
        v[j] = random.nextFloat() - 0.5f;
      }
      rows.add(new ChunkStore.ChunkRow(i, 1, i * 10, i * 10 + 9, 3, "chunk " + i, null, v));
    }
    return rows;
  }

  /** A node with only the api role: the test plays the pipeline's stages itself. */
  private static TestNode apiOnly(String name) throws Exception {
    return TestNode.start(TestNode.isolatedSettings(name, Map.of()), EnumSet.of(Role.API), DevKeys.generate());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void embedConsumerKilledMidStreamIsRecoveredWithoutLossOrDuplicates() throws Exception {
    Settings settings = TestNode.isolatedSettings("crash", Map.of("CHARTLINE_KAFKA_COMMIT_INTERVAL", "1h"));
    DevKeys keys = DevKeys.generate();
    List<String> ids = new ArrayList<>();
    try (TestNode front = TestNode.start(settings, EnumSet.of(Role.API, Role.INGEST, Role.AUDIT, Role.QUERY), keys);
        Blocking api = new Blocking(front)) {
      String token = front.token(TENANT, "clinician");
      for (int i = 0; i < 6; i++) {
        ids.add(api.upload(token, "text/plain", Texts.note(i, 60)));
      }
      api.awaitAllParsed(token, ids);
      int total = 0;
      for (String id : ids) {
        total += api.document(token, id).getInteger("chunk_count");
      }

      Process embedder = EmbedProcess.start(settings);
      try {
        long deadline = System.currentTimeMillis() + 180_000;
        while (Db.chunkCount(front, TENANT) < 3 && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        assertThat(Db.chunkCount(front, TENANT)).isBetween(3, total - 1);
      } finally {
        embedder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }

      try (TestNode embedAgain = TestNode.start(settings, EnumSet.of(Role.EMBED), keys)) {
        for (String id : ids) {
          api.awaitIndexed(token, id);
        }
        for (String id : ids) {
          int expected = api.document(token, id).getInteger("chunk_count");
          assertThat(Db.chunkIndexes(front, TENANT, id)).containsExactlyElementsOf(range(expected));
        }
        assertThat(Db.chunkCount(front, TENANT)).isEqualTo(total);
      }
    }
  }

  static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /** A producer whose records carry the node's proof of origin, as a component of the deployment's would. */
  static KafkaProducer<String, byte[]> producer(TestNode node) {
    Properties p = new Properties();
    p.put("bootstrap.servers", node.config().kafka().bootstrapServers());
    p.put("interceptor.classes", SigningInterceptor.class.getName());
    p.put(SigningInterceptor.KEY_FILE, node.config().recordKeys().file().toString());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** A producer with broker access and nothing else: its records carry no proof of origin. */
  static KafkaProducer<String, byte[]> unsignedProducer(TestNode node) {
    Properties p = new Properties();
    p.put("bootstrap.servers", node.config().kafka().bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value, String tenant)
      throws Exception {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
    r.headers().add("tenant-id", tenant.getBytes(StandardCharsets.UTF_8));
    producer.send(r).get(30, TimeUnit.SECONDS);
  }

  static List<ConsumerRecord<String, byte[]>> readAll(TestNode node, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", node.config().kafka().bootstrapServers());
    p.put("group.id", "reader-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 10_000;
      int emptyPolls = 0;
      while (System.currentTimeMillis() < deadline && emptyPolls < 3) {
        var records = c.poll(Duration.ofMillis(1000));
        if (records.isEmpty() && !out.isEmpty()) {
          emptyPolls++;
        }
        records.forEach(out::add);
      }
    }
    return out;
  }

  /** Runs {@code run --roles embed} in its own JVM so it can be killed with no chance to commit. */
  static final class EmbedProcess {
    static Process start(Settings settings) throws Exception {
      Path log = Files.createTempFile("embed-child", ".log");
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.chartline.launcher.Main", "run",
          "--roles", "embed");
      pb.environment().putAll(settings.asMap());
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      return pb.start();
    }
  }

}
