package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node whose roles serve no API answers {@code /health} and {@code /health/ready} on
 * {@code CHARTLINE_HEALTH_PORT} with the probes of its own roles: what an orchestrator checks for
 * ingest, embed and audit processes.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RoleHealthIT {

  @Test
  void workerRolesAreReadyOnTheirOwnPortWithTheirOwnProbes() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (TestNode pipeline = TestNode.start(TestNode.isolatedSettings("healthworkers",
        Map.of("CHARTLINE_HEALTH_PORT", "0")), Set.of(Role.INGEST, Role.EMBED), DevKeys.generate())) {
      int port = pipeline.node().healthPort();
      assertThat(port).isPositive();
      assertThat(pipeline.node().apiPort()).as("no API on a worker node").isEqualTo(-1);
      assertThat(get(http, port, "/health").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(http, port, "/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getJsonObject("checks")).isEqualTo(new JsonObject()
          .put("database", "UP").put("kafka", "UP").put("s3", "UP").put("sqs", "UP").put("embedder", "UP"));
      for (String stage : new String[] {"ingest", "embed"}) {
        assertThat(pipeline.node().registry().find("chartline.consumer.lag").tag("stage", stage).gauge())
            .as("the %s stage exports its consumer lag", stage).isNotNull()
            .satisfies(g -> assertThat(g.value()).isGreaterThanOrEqualTo(0));
      }
    }
    try (TestNode audit = TestNode.start(TestNode.isolatedSettings("healthaudit",
        Map.of("CHARTLINE_HEALTH_PORT", "0")), Set.of(Role.AUDIT), DevKeys.generate())) {
      HttpResponse<String> ready = get(http, audit.node().healthPort(), "/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getJsonObject("checks"))
          .isEqualTo(new JsonObject().put("database", "UP").put("kafka", "UP"));
      assertThat(get(http, audit.node().healthPort(), "/v1/documents").statusCode())
          .as("nothing but health on that port").isEqualTo(404);
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
