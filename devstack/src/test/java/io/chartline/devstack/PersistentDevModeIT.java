package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PersistentDevModeIT {

  private Path dir;
  private Vertx vertx;

  @BeforeEach
  void setUp() throws Exception {
    // Not @TempDir: its mode 0700 would keep the postgres OS user out when tests run as root.
    dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "persistent-it-" + UUID.randomUUID()));
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    StateLayout.deleteTree(dir);
  }

  @Test
  void rowObjectAndRecordSurviveARestartOnTheSameDirectory() throws Exception {
    byte[] body = "kept across restarts".getBytes(StandardCharsets.UTF_8);
    Set<Long> before = ChildProcesses.pids();
    String password;
    try (DevStack first = DevStack.start(DevStackOptions.dev(dir))) {
      PostgresServer pg = first.postgres();
      password = pg.superuserPassword();
      pg.createDatabase("chartline_it");
      BlockingSql.run(vertx, TestClients.pg(pg, "chartline_it", password),
          "CREATE TABLE notes (id int PRIMARY KEY, body text, embedding vector(3));"
              + "INSERT INTO notes VALUES (1, 'kept', '[1,2,3]')");
      try (S3AsyncClient s3 = TestClients.s3(first.s3())) {
        s3.createBucket(b -> b.bucket("persist")).get(30, TimeUnit.SECONDS);
        s3.putObject(b -> b.bucket("persist").key("a.txt"), AsyncRequestBody.fromBytes(body)).get(30, TimeUnit.SECONDS);
      }
      try (Admin admin = Admin.create(TestClients.kafkaAdmin(first.kafka()));
           KafkaProducer<String, String> producer = new KafkaProducer<>(TestClients.kafkaProducer(first.kafka()))) {
        admin.createTopics(List.of(new NewTopic("persisted", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>("persisted", "doc-1", "v1")).get(30, TimeUnit.SECONDS);
      }
    }
    assertThat(ChildProcesses.alive(ChildProcesses.startedSince(before))).as("alive after close()").isEmpty();
    assertThat(dir.resolve("postgres/PG_VERSION")).exists();

    try (DevStack second = DevStack.start(DevStackOptions.dev(dir))) {
      PostgresServer pg = second.postgres();
      assertThat(pg.superuserPassword()).isEqualTo(password);
      assertThat(pg.createDatabase("chartline_it")).isEqualTo("chartline_it");
      String kept = BlockingSql.run(vertx, TestClients.pg(pg, "chartline_it", password),
          "SELECT body FROM notes WHERE id = 1").iterator().next().getString("body");
      byte[] read;
      try (S3AsyncClient s3 = TestClients.s3(second.s3())) {
        read = s3.getObject(b -> b.bucket("persist").key("a.txt"), AsyncResponseTransformer.toBytes())
            .get(30, TimeUnit.SECONDS).asByteArray();
      }

      assertThat(kept).isEqualTo("kept");
      assertThat(read).isEqualTo(body);
      assertThat(KafkaIT.consumeAll(second.kafka(), "persisted", 1)).extracting(r -> r.value()).containsExactly("v1");
    }
  }
}
