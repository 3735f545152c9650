package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Multipart upload, health, readiness and metrics, as an operator and a client app see them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
class ApiSurfaceIT {

  static final String TENANT = "it-surface";
  static final String CANARY = "Zyxquorthian syndrome";
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start("surface");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void multipartUploadIsIndexedWithItsTitleAndLeaksNothingIntoMetrics(Vertx vertx, VertxTestContext ctx) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.port()));
    ApiClient api = new ApiClient(vertx, node.port());
    String token = node.token(TENANT, "clinician");
    MultipartForm form = MultipartForm.create()
        .attribute("title", "Canary note " + CANARY)
        .textFileUpload("file", "canary.txt", Buffer.buffer(("The patient has " + CANARY + ". " + Texts.note(5, 8))
            .getBytes(StandardCharsets.UTF_8)), "text/plain");
    web.post("/v1/documents").putHeader("Authorization", "Bearer " + token).sendMultipartForm(form)
        .compose(r -> {
          ctx.verify(() -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202));
          return api.awaitSettled(token, r.bodyAsJsonObject().getString("id"), 120_000);
        })
        .compose(doc -> api.get(token, "/metrics").map(m -> new Object[] {doc, m}))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          JsonObject doc = (JsonObject) both[0];
          @SuppressWarnings("unchecked")
          HttpResponse<Buffer> metrics = (HttpResponse<Buffer>) both[1];
          assertThat(doc.getString("status")).isEqualTo("indexed");
          assertThat(doc.getString("title")).isEqualTo("Canary note " + CANARY);
          assertThat(metrics.statusCode()).isEqualTo(200);
          String text = metrics.bodyAsString();
          assertThat(text).contains("chartline_records_total").contains("vertx_http_server_requests_total");
          assertThat(text).doesNotContain("Zyxquorthian").doesNotContain(TENANT);
          ctx.completeNow();
        })));
  }

  @Test
  void healthIsUpAndReadinessChecksEveryDependency(Vertx vertx, VertxTestContext ctx) {
    ApiClient api = new ApiClient(vertx, node.port());
    Future.all(api.raw(io.vertx.core.http.HttpMethod.GET, "/health", null, null, null),
            api.raw(io.vertx.core.http.HttpMethod.GET, "/health/ready", null, null, null))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HttpResponse<Buffer> live = all.resultAt(0);
          HttpResponse<Buffer> ready = all.resultAt(1);
          assertThat(live.statusCode()).isEqualTo(200);
          assertThat(ready.statusCode()).isEqualTo(200);
          assertThat(ready.bodyAsJsonObject().getJsonObject("checks"))
              .isEqualTo(new JsonObject().put("database", "UP").put("kafka", "UP").put("s3", "UP").put("embedder", "UP")
                  .put("sqs", "UP"));
          assertThat(live.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
          ctx.completeNow();
        })));
  }
}
