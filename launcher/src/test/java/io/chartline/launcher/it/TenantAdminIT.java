package io.chartline.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.auth.DevKeys;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.ChunkBatch;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.store.S3ObjectStore;
import io.chartline.common.tenant.TenantId;
import io.chartline.launcher.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key rotation (resumable re-encryption, reads keep working) and tenant deletion by crypto-shredding. */
class TenantAdminIT {

  static final String ROTATING = "it-admin-rotate";
  static final String DOOMED = "it-admin-doomed";
  static final String BYSTANDER = "it-admin-bystander";

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

    assertThat(call("DELETE", "/v1/admin/tenants/" + DOOMED, clinician, null).statusCode()).isEqualTo(403);
    HttpResponse<String> deleted = call("DELETE", "/v1/admin/tenants/" + DOOMED, node.token("platform", "super_admin"),
        null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    JsonObject result = new JsonObject(deleted.body());
    assertThat(result.getInteger("key_versions_destroyed")).isEqualTo(1);
    assertThat(result.getLong("documents_deleted")).isEqualTo(1);
    assertThat(result.getLong("objects_deleted")).isGreaterThanOrEqualTo(1);

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
    HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
            + "/v1/documents")).header("Authorization", "Bearer " + clinician).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("a new note after deletion")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).isEqualTo(410);
    assertThat(upload.body()).contains("TENANT_DELETED");
    assertThat(call("DELETE", "/v1/admin/tenants/" + DOOMED, node.token("platform", "super_admin"), null)
        .statusCode()).isEqualTo(410);
    assertThat(call("DELETE", "/v1/admin/tenants/it-admin-never-existed", node.token("platform", "super_admin"),
        null).statusCode()).isEqualTo(404);

    // another tenant is untouched
    HttpResponse<String> other = call("GET", "/v1/documents/" + bystanderDoc, node.token(BYSTANDER, "clinician"),
        null);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(other.body()).getString("status")).isEqualTo("indexed");
  }
}
