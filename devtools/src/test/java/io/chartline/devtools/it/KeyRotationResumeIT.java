package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.chartline.onnx.OnnxEmbedder;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A rotation job outlives the node that started it: the node stops with work left, another node
 * resumes the job at startup, re-seals what is left and completes it.
 */
class KeyRotationResumeIT {

  static final String TENANT = "it-rotation-resume";

  static JsonObject call(TestNode node, String method, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + node.port() + path))
        .header("Authorization", "Bearer " + node.token(TENANT, "tenant_admin"))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
    return new JsonObject(r.body());
  }

  static List<String> chunkStates(TestNode node) throws Exception {
    List<String> out = new ArrayList<>();
    node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(TENANT)).compose(x -> c.query(
                "SELECT coalesce(key_version::text, 'clear') FROM chunks").execute()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(r -> out.add(r.getString(0)));
    return out;
  }

  @Test
  void anotherNodeResumesAnInterruptedRotation() throws Exception {
    DevKeys keys = DevKeys.generate();
    // a long key-refresh period keeps the first node's job waiting before it can complete
    Settings slow = TestNode.isolatedSettings("rotation_resume", Map.of("CHARTLINE_CRYPTO_KEY_REFRESH", "5m"));
    String path;
    try (TestNode first = TestNode.start(slow, EnumSet.allOf(Role.class), keys); Blocking api = new Blocking(first)) {
      String token = first.token(TENANT, "clinician");
      api.awaitIndexed(token, api.upload(token, "text/plain", Texts.note(60, 20)));
      JsonObject job = call(first, "POST", "/v1/admin/tenants/" + TENANT + "/keys/rotate");
      path = "/v1/admin/tenants/" + TENANT + "/keys/rotations/" + job.getString("job_id");
      long deadline = System.currentTimeMillis() + 60_000;
      while (!chunkStates(first).stream().allMatch("2"::equals) && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(chunkStates(first)).containsOnly("2");
      // work appears that the job has not seen: chunks a node without encryption stored in clear
      insertClearChunks(first);
      assertThat(call(first, "GET", path).getString("state")).isEqualTo("running");
    }

    try (TestNode second = TestNode.start(slow.with("CHARTLINE_CRYPTO_KEY_REFRESH", "1s"), EnumSet.allOf(Role.class),
        keys)) {
      long deadline = System.currentTimeMillis() + 60_000;
      JsonObject progress = call(second, "GET", path);
      while (!"completed".equals(progress.getString("state")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(300);
        progress = call(second, "GET", path);
      }
      assertThat(progress.getString("state")).isEqualTo("completed");
      assertThat(chunkStates(second)).doesNotContain("clear", "1").containsOnly("2");
      assertThat(titleStates(second)).containsOnly("2");
    }
  }

  static List<String> titleStates(TestNode node) throws Exception {
    List<String> out = new ArrayList<>();
    node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(TENANT)).compose(x -> c.query(
                "SELECT coalesce(title_key_version::text, 'clear') FROM documents").execute()))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).forEach(r -> out.add(r.getString(0)));
    return out;
  }

  static void insertClearChunks(TestNode node) throws Exception {
    UUID doc = UUID.randomUUID();
    float[] v = new float[384];
    v[0] = 1;
    String vector = Arrays.toString(v).replace(" ", "");
    node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(TENANT))
            .compose(x -> c.preparedQuery("INSERT INTO documents (tenant_id, document_id, title, content_type, "
                    + "size_bytes, object_bucket, object_key, status, chunk_count) "
                    + "VALUES ($1, $2, 'legacy', 'text/plain', 10, 'b', 'k', 'indexed', 3)")
                .execute(Tuple.of(TENANT, doc)))
            .compose(x -> c.preparedQuery("INSERT INTO chunks (tenant_id, document_id, chunk_index, page, start_offset, "
                    + "end_offset, token_count, content, embedding, model) SELECT $1, $2, i, 1, 0, 12, 3, "
                    + "'legacy text ' || i, $3::vector, $4 FROM generate_series(0, 2) i")
                .execute(Tuple.of(TENANT, doc, vector, OnnxEmbedder.MODEL_ID))))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
