package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.ChunkBatch;
import io.chartline.common.events.ObjectKeys;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Key rotation (resumable re-encryption, reads keep working) and tenant deletion: a reasoned,
 * confirmed, alerted job that crypto-shreds and then purges.
 */
class TenantAdminIT {

  static final String ROTATING = "it-admin-rotate";
  static final String DOOMED = "it-admin-doomed";
  static final String BYSTANDER = "it-admin-bystander";
  static final String UNALERTED = "it-admin-unalerted";

  static TestNode node;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(TestNode.isolatedSettings("admin", Map.of("CHARTLINE_CRYPTO_KEY_REFRESH", "1s")),
        EnumSet.allOf(Role.class), DevKeys.generate());
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<Integer> keyVersionsOfChunks(String tenant) throws Exception {
    List<Integer> out = new ArrayList<>();
    node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(tenant)).compose(x -> c.query("SELECT key_version FROM chunks").execute()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(r -> out.add(r.getInteger(0)));
    return out;
  }

  static List<String> keyStates(String tenant) throws Exception {
    List<String> out = new ArrayList<>();
    node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(tenant)).compose(x -> c.query(
                "SELECT version || ':' || state || ':' || (wrapped_key IS NOT NULL) FROM tenant_keys ORDER BY version")
                .execute()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(r -> out.add(r.getString(0)));
    return out;
  }

  @Test
  void rotationReSealsEveryChunkWhileSearchKeepsWorking() throws Exception {
    String admin = node.token(ROTATING, "tenant_admin");
    try (Blocking api = new Blocking(node)) {
      for (int i = 0; i < 3; i++) {
        api.awaitIndexed(admin, api.upload(admin, "text/plain", Texts.note(40 + i, 25)));
      }
    }
    assertThat(keyVersionsOfChunks(ROTATING)).isNotEmpty().containsOnly(1);

    HttpResponse<String> started = call("POST", "/v1/admin/tenants/" + ROTATING + "/keys/rotate", admin, null);
    assertThat(started.statusCode()).isEqualTo(202);
    JsonObject job = new JsonObject(started.body());
    assertThat(job.getInteger("from_version")).isEqualTo(1);
    assertThat(job.getInteger("to_version")).isEqualTo(2);
    assertThat(job.getLong("total_chunks")).isEqualTo(keyVersionsOfChunks(ROTATING).size());

    HttpResponse<String> again = call("POST", "/v1/admin/tenants/" + ROTATING + "/keys/rotate", admin, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("CONFLICT");

    String path = "/v1/admin/tenants/" + ROTATING + "/keys/rotations/" + job.getString("job_id");
    long deadline = System.currentTimeMillis() + 90_000;
    JsonObject progress = job;
    while (!"completed".equals(progress.getString("state")) && System.currentTimeMillis() < deadline) {
      HttpResponse<String> search = call("POST", "/v1/search", admin, "{\"query\": \"follow-up plan\", \"top_k\": 5}");
      assertThat(search.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(search.body()).getJsonArray("results")).isNotEmpty();
      progress = new JsonObject(call("GET", path, admin, null).body());
      Thread.sleep(300);
    }
    assertThat(progress.getString("state")).isEqualTo("completed");
    assertThat(progress.getLong("done_chunks")).isEqualTo(progress.getLong("total_chunks"));
    assertThat(keyVersionsOfChunks(ROTATING)).containsOnly(2);
    assertThat(keyStates(ROTATING)).containsExactly("1:retired:true", "2:active:true");
    HttpResponse<String> after = call("POST", "/v1/search", admin, "{\"query\": \"follow-up plan\", \"top_k\": 5}");
    assertThat(new JsonObject(after.body()).getJsonArray("results")).isNotEmpty();
    assertThat(Db.auditReasons(node, "keys.rotation.finish").toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS)).containsExactly((String) null);
  }

  @Test
  void rotationIsRefusedForOtherTenantsAndRolesWithoutThePermission() throws Exception {
    assertThat(call("POST", "/v1/admin/tenants/" + BYSTANDER + "/keys/rotate", node.token(ROTATING, "tenant_admin"),
        null).statusCode()).isEqualTo(404);
    assertThat(call("POST", "/v1/admin/tenants/" + ROTATING + "/keys/rotate", node.token(ROTATING, "clinician"),
        null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/v1/admin/tenants/" + ROTATING + "/keys/rotations/" + UUID.randomUUID(),
        node.token(ROTATING, "tenant_admin"), null).statusCode()).isEqualTo(404);
  }

  static String deletionBody(String reason, String confirm) {
    JsonObject body = new JsonObject();
    if (reason != null) {
      body.put("reason", reason);
    }
    if (confirm != null) {
      body.put("confirm_tenant_id", confirm);
    }
    return body.encode();
  }

  /** Polls the deletion job until it is {@code state} (or a minute passed); returns its last view. */
  static JsonObject awaitDeletion(TestNode on, String tenant, String state) throws Exception {
    String token = on.token("platform", "super_admin");
    long deadline = System.currentTimeMillis() + 60_000;
    JsonObject job = null;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + on.port()
              + "/v1/admin/tenants/" + tenant + "/deletion")).header("Authorization", "Bearer " + token).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      job = new JsonObject(r.body());
      if (state.equals(job.getString("state"))) {
        return job;
      }
      Thread.sleep(200);
    }
    return job;
  }

  /** Audit rows of {@code action} about {@code tenant}, read as a superuser at once. */
  static List<Row> auditRows(String tenant, String action) throws Exception {
    io.vertx.sqlclient.Pool owner = Superuser.pool(node.node().vertx(), node.config().db());
    try {
      List<Row> out = new ArrayList<>();
      owner.preparedQuery("SELECT subject, resource_type, resource_id, outcome, reason_code FROM audit_log "
              + "WHERE tenant_id = $1 AND action = $2").execute(Tuple.of(tenant, action))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(out::add);
      return out;
    } finally {
      owner.close();
    }
  }

  /**
   * Deletion refuses a request without a usable reason or the tenant id repeated, destroying nothing;
   * an accepted one is audited and alerted before the keys go, then shreds the keys and purges
   * documents, chunks and objects, reporting its progress, while another tenant stays served.
   */
  @Test
  void deletingATenantShredsItsKeysAndPurgesEverythingElseStaysServed() throws Exception {
    String clinician = node.token(DOOMED, "clinician");
    String doc;
    String bystanderDoc;
    try (Blocking api = new Blocking(node)) {
      doc = api.upload(clinician, "text/plain", Texts.note(50, 20));
      api.awaitIndexed(clinician, doc);
      bystanderDoc = api.upload(node.token(BYSTANDER, "clinician"), "text/plain", Texts.note(51, 10));
      api.awaitIndexed(node.token(BYSTANDER, "clinician"), bystanderDoc);
    }
    List<ConsumerRecord<String, byte[]>> onKafka = ResilienceIT.readAll(node, node.config().kafka().topics().chunks())
        .stream().filter(r -> r.key().equals(doc)).toList();
    assertThat(onKafka).isNotEmpty();
    int chunks = Db.chunkCount(node, DOOMED);
    assertThat(chunks).isPositive();

    String path = "/v1/admin/tenants/" + DOOMED;
    String superAdmin = node.token("platform", "super_admin");
    String reason = "Contract 2291 ended; customer asked for erasure";
    assertThat(call("DELETE", path, clinician, deletionBody(reason, DOOMED)).statusCode()).isEqualTo(403);
    assertThat(call("DELETE", path, superAdmin, null).statusCode()).isEqualTo(415);
    for (String[] refused : new String[][] {
        {null, DOOMED, "REASON_REQUIRED"}, {"too short", DOOMED, "REASON_REQUIRED"},
        // control characters are refused in any JSON text before the route reads it
        {"Contract ended\u0000; erase everything", DOOMED, "INVALID_PARAMETER"},
        {"Contract ended\n\u001b[2J erase everything", DOOMED, "INVALID_PARAMETER"},
        {reason, null, "CONFIRMATION_MISMATCH"}, {reason, BYSTANDER, "CONFIRMATION_MISMATCH"},
        {reason, DOOMED.toUpperCase(), "CONFIRMATION_MISMATCH"}}) {
      HttpResponse<String> r = call("DELETE", path, superAdmin, deletionBody(refused[0], refused[1]));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo(refused[2]);
    }
    // nothing was destroyed, nothing alerted
    assertThat(keyStates(DOOMED)).containsExactly("1:active:true");
    assertThat(Db.chunkCount(node, DOOMED)).isEqualTo(chunks);
    assertThat(new JsonObject(call("GET", path, superAdmin, null).body()).getString("state")).isEqualTo("active");
    assertThat(call("GET", path + "/deletion", superAdmin, null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/v1/documents/" + doc, clinician, null).statusCode()).isEqualTo(200);

    HttpResponse<String> started = call("DELETE", path, superAdmin, deletionBody(reason, DOOMED));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(started.headers().firstValue("Location")).hasValue(path + "/deletion");
    JsonObject accepted = new JsonObject(started.body());
    String jobId = accepted.getString("job_id");
    assertThat(started.body()).doesNotContain("2291");
    // on record before the answer: the audit event names who, which tenant and the job
    List<Row> requested = auditRows(DOOMED, "tenant.delete");
    assertThat(requested).hasSize(1);
    assertThat(requested.get(0).getString("subject")).isEqualTo("it-user");
    assertThat(requested.get(0).getString("resource_id")).isEqualTo(jobId);
    assertThat(requested.get(0).getString("outcome")).isEqualTo("success");
    assertThat(call("DELETE", path, superAdmin, deletionBody(reason, DOOMED)).statusCode()).isIn(409, 410);

    JsonObject job = awaitDeletion(node, DOOMED, "completed");
    assertThat(job.getString("state")).isEqualTo("completed");
    assertThat(job.getString("step")).isEqualTo("done");
    JsonObject progress = job.getJsonObject("progress");
    assertThat(progress.getInteger("key_versions_destroyed")).isEqualTo(1);
    assertThat(progress.getLong("documents_deleted")).isEqualTo(1);
    assertThat(progress.getLong("chunks_deleted")).isEqualTo(chunks);
    assertThat(progress.getLong("objects_deleted")).isGreaterThanOrEqualTo(1);
    assertThat(job.getJsonObject("requested_by").getString("home_tenant")).isEqualTo("platform");

    // the alert was acknowledged before the keys were destroyed
    Instant keysDestroyed = Instant.parse(job.getString("keys_destroyed_at"));
    assertThat(Instant.parse(job.getString("alerted_at"))).isBefore(keysDestroyed);
    Path docs = Path.of(System.getProperty("chartline.repo.root", "..")).resolve("docs").resolve("events");
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(docs.resolve("audit.alerts.v1.schema.json")), InputFormat.JSON);
    ConsumerRecord<String, byte[]> alert = ResilienceIT.readAll(node, node.config().kafka().topics().alerts()).stream()
        .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(jobId)).findFirst().orElseThrow();
    String payload = new String(alert.value(), StandardCharsets.UTF_8);
    assertThat(schema.validate(payload, InputFormat.JSON)).isEmpty();
    JsonObject a = new JsonObject(payload);
    assertThat(a.getString("type")).isEqualTo("tenant_deletion.started");
    assertThat(a.getString("severity")).isEqualTo("critical");
    assertThat(a.getString("tenantId")).isEqualTo(DOOMED);
    assertThat(a.getString("alertId")).isEqualTo(job.getString("alert_id"));
    assertThat(a.getJsonObject("actor").getString("homeTenant")).isEqualTo("platform");
    assertThat(a.getString("auditEventId")).isEqualTo(job.getString("audit_event_id"));
    assertThat(alert.key()).isEqualTo(DOOMED);
    assertThat(payload).doesNotContain("2291");
    assertThat(Instant.ofEpochMilli(alert.timestamp())).isBeforeOrEqualTo(keysDestroyed);

    // nothing of it opens any more: not the chunk records still on Kafka
    ChunkBatch batch = ChunkBatch.decode(onKafka.get(0).value());
    SealedText sealed = batch.chunks().get(0).sealed();
    TenantCrypto crypto = node.node().crypto();
    crypto.evict(TenantId.of(DOOMED));
    assertThatThrownBy(() -> EncryptionIT.await(crypto.open(TenantId.of(DOOMED),
        List.of(new TenantCrypto.Envelope(UUID.fromString(doc), sealed)))))
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_DELETED));
    assertThat(keyStates(DOOMED)).containsExactly("1:destroyed:false");
    assertThat(Db.chunkCount(node, DOOMED)).isZero();
    try (S3ObjectStore raw = new S3ObjectStore(node.node().vertx(), node.config().s3())) {
      assertThatThrownBy(() -> EncryptionIT.await(raw.get(TenantId.of(DOOMED), node.config().s3().bucket(),
          ObjectKeys.documentKey(TenantId.of(DOOMED), UUID.fromString(doc)), 1_000_000)))
          .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND));
    }
    JsonObject overview = new JsonObject(call("GET", path, superAdmin, null).body());
    assertThat(overview.getString("state")).isEqualTo("deleted");
    assertThat(overview.getJsonObject("deletion").getString("state")).isEqualTo("completed");
    HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
            + "/v1/documents")).header("Authorization", "Bearer " + clinician).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("a new note after deletion")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).isEqualTo(410);
    assertThat(upload.body()).contains("TENANT_DELETED");
    assertThat(call("DELETE", path, superAdmin, deletionBody(reason, DOOMED)).statusCode()).isEqualTo(410);
    assertThat(call("DELETE", "/v1/admin/tenants/it-admin-never-existed", superAdmin,
        deletionBody(reason, "it-admin-never-existed")).statusCode()).isEqualTo(404);

    // another tenant is untouched
    HttpResponse<String> other = call("GET", "/v1/documents/" + bystanderDoc, node.token(BYSTANDER, "clinician"),
        null);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(other.body()).getString("status")).isEqualTo("indexed");
  }

  /** Sets (or with null, removes) one setting of a topic. */
  static void topicSetting(String topic, String name, String value) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", node.config().kafka().bootstrapServers()))) {
      AlterConfigOp op = value == null ? new AlterConfigOp(new ConfigEntry(name, ""), AlterConfigOp.OpType.DELETE)
          : new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(op)))
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  /** GIVEN the alert stream refuses the alert WHEN a deletion is asked for THEN 503 and nothing is destroyed. */
  @Test
  void aDeletionWhoseAlertCannotBePublishedDestroysNothing() throws Exception {
    String clinician = node.token(UNALERTED, "clinician");
    String doc;
    try (Blocking api = new Blocking(node)) {
      doc = api.upload(clinician, "text/plain", Texts.note(52, 10));
      api.awaitIndexed(clinician, doc);
    }
    int chunks = Db.chunkCount(node, UNALERTED);
    String path = "/v1/admin/tenants/" + UNALERTED;
    String superAdmin = node.token("platform", "super_admin");
    String body = deletionBody("Customer offboarding, ticket 8812", UNALERTED);
    String alerts = node.config().kafka().topics().alerts();
    // the broker refuses any record on the alert topic: it is larger than the topic allows
    topicSetting(alerts, "max.message.bytes", "64");
    try {
      HttpResponse<String> refused = call("DELETE", path, superAdmin, body);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.body()).contains("UNAVAILABLE").contains("nothing was deleted");
    } finally {
      topicSetting(alerts, "max.message.bytes", null);
    }
    assertThat(keyStates(UNALERTED)).containsExactly("1:active:true");
    assertThat(Db.chunkCount(node, UNALERTED)).isEqualTo(chunks);
    assertThat(new JsonObject(call("GET", path, superAdmin, null).body()).getString("state")).isEqualTo("active");
    assertThat(call("GET", path + "/deletion", superAdmin, null).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/v1/documents/" + doc, clinician, null).statusCode()).isEqualTo(200);

    // once the alert goes through, the same request deletes
    HttpResponse<String> started = call("DELETE", path, superAdmin, body);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(awaitDeletion(node, UNALERTED, "completed").getString("state")).isEqualTo("completed");
    assertThat(Db.chunkCount(node, UNALERTED)).isZero();
  }
}
