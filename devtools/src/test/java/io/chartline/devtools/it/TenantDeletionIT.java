package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.events.ObjectKeys;
import io.chartline.common.tenant.TenantId;
import io.chartline.devstack.DevStack;
import io.chartline.devstack.DevStackOptions;
import io.chartline.devstack.S3Server;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Tenant deletion finishes whatever the object store does: with the store down the database is
 * purged at once and the job says objects remain; a node started later (the first one is gone)
 * resumes the job and, against a store that does not implement {@code ListObjectVersions} (the
 * local one on disk), deletes the objects by plain listing and completes.
 */
class TenantDeletionIT {

  static final String TENANT = "it-deletion-store";
  static final String BYSTANDER = "it-deletion-store-other";

  static final HttpClient http = HttpClient.newHttpClient();

  static Settings on(Settings base, S3Server s3) {
    return base.with("CHARTLINE_S3_ENDPOINT", s3.endpoint().toString());
  }

  static HttpResponse<String> call(TestNode node, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static S3Client client(S3Server s3) {
    return S3Client.builder().endpointOverride(s3.endpoint()).region(Region.of(s3.region())).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(),
            s3.secretKey()))).build();
  }

  static List<String> keys(S3Server s3, String bucket, String prefix) {
    try (S3Client c = client(s3)) {
      return c.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(o -> o.key()).toList();
    }
  }

  @Test
  void anUnavailableStoreStillPurgesTheDatabaseAndALaterNodeFinishesTheObjects() throws Exception {
    Path state = Files.createTempDirectory("chartline-it-s3-");
    DevStackOptions disk = new DevStackOptions(state, true, false, false, true, false);
    Settings base = TestNode.isolatedSettings("deletion_store", Map.of("CHARTLINE_DELETION_RETRY", "1s",
        "CHARTLINE_DELETION_OBJECT_TIMEOUT", "3s", "CHARTLINE_DELETION_OBJECT_ATTEMPTS", "2"));
    DevKeys keys = DevKeys.generate();
    String bucket = base.str("CHARTLINE_S3_BUCKET", null);
    String prefix = ObjectKeys.tenantPrefix(TenantId.of(TENANT));
    String bystanderDoc;
    int chunks;

    DevStack store = DevStack.start(disk);
    try (TestNode first = TestNode.start(on(base, store.s3()), EnumSet.allOf(Role.class), keys);
        Blocking api = new Blocking(first)) {
      String clinician = first.token(TENANT, "clinician");
      api.awaitIndexed(clinician, api.upload(clinician, "text/plain", Texts.note(80, 20)));
      api.awaitIndexed(clinician, api.upload(clinician, "text/plain", Texts.note(81, 20)));
      String other = first.token(BYSTANDER, "clinician");
      bystanderDoc = api.upload(other, "text/plain", Texts.note(82, 10));
      api.awaitIndexed(other, bystanderDoc);
      chunks = Db.chunkCount(first, TENANT);
      assertThat(chunks).isPositive();
      assertThat(keys(store.s3(), bucket, prefix)).hasSize(2);
      // the store on disk keeps no versions and says so
      try (S3Client c = client(store.s3())) {
        assertThatThrownBy(() -> c.listObjectVersions(r -> r.bucket(bucket).prefix(prefix)))
            .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));
      }

      store.close(); // the object store is gone
      String superAdmin = first.token("platform", "super_admin");
      HttpResponse<String> started = call(first, "DELETE", "/v1/admin/tenants/" + TENANT, superAdmin,
          new JsonObject().put("reason", "Offboarding after contract end").put("confirm_tenant_id", TENANT).encode());
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

      JsonObject job = TenantAdminIT.awaitDeletion(first, TENANT, "objects_remaining");
      assertThat(job.getString("state")).isEqualTo("objects_remaining");
      assertThat(job.getString("step")).isEqualTo("objects");
      assertThat(job.getString("error_code")).isIn("UNAVAILABLE", "TIMEOUT");
      assertThat(job.getInteger("object_attempts")).isGreaterThanOrEqualTo(2);
      assertThat(job.getString("next_attempt_at")).isNotNull();
      JsonObject progress = job.getJsonObject("progress");
      assertThat(progress.getInteger("key_versions_destroyed")).isEqualTo(1);
      assertThat(progress.getLong("documents_deleted")).isEqualTo(2);
      assertThat(progress.getLong("chunks_deleted")).isEqualTo(chunks);
      assertThat(progress.getLong("objects_deleted")).isZero();
      // the database holds nothing of the tenant any more, and it is deleted for every other purpose
      assertThat(Db.chunkCount(first, TENANT)).isZero();
      JsonObject overview = new JsonObject(call(first, "GET", "/v1/admin/tenants/" + TENANT, superAdmin, null).body());
      assertThat(overview.getString("state")).isEqualTo("deleted");
      assertThat(overview.getJsonObject("documents_by_status").isEmpty()).isTrue();
      assertThat(overview.getLong("chunks")).isZero();
      HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port()
              + "/v1/documents")).header("Authorization", "Bearer " + clinician).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString("a note after deletion")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).isEqualTo(410);
    }

    // the first node is gone with the job unfinished; the store comes back (on a new port)
    DevStack back = DevStack.start(disk);
    try (TestNode second = TestNode.start(on(base, back.s3()), EnumSet.allOf(Role.class), keys)) {
      assertThat(keys(back.s3(), bucket, prefix)).as("the objects survived the outage").hasSize(2);
      JsonObject job = TenantAdminIT.awaitDeletion(second, TENANT, "completed");
      assertThat(job.getString("state")).isEqualTo("completed");
      assertThat(job.getString("error_code")).isNull();
      assertThat(job.getJsonObject("progress").getLong("objects_deleted")).isEqualTo(2);
      assertThat(keys(back.s3(), bucket, prefix)).isEmpty();
      // another tenant's objects and documents are untouched
      assertThat(keys(back.s3(), bucket, ObjectKeys.tenantPrefix(TenantId.of(BYSTANDER)))).hasSize(1);
      HttpResponse<String> other = call(second, "GET", "/v1/documents/" + bystanderDoc,
          second.token(BYSTANDER, "clinician"), null);
      assertThat(other.statusCode()).isEqualTo(200);
      // audited twice: objects remaining (once, not per round), then completed
      List<String> finishes = List.of();
      long deadline = System.currentTimeMillis() + 30_000;
      while (finishes.size() < 2 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        finishes = Db.auditReasons(second, "tenant.delete.finish").toCompletionStage().toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
      }
      assertThat(finishes).hasSize(2).containsAnyOf("UNAVAILABLE", "TIMEOUT").contains((String) null);
    } finally {
      back.close();
      deleteTree(state);
    }
  }

  /** The store on disk outlives its stacks by design; the test's copy goes with the test. */
  static void deleteTree(Path root) throws Exception {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
