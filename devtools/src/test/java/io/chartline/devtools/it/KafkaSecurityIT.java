package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.devstack.KafkaServer;
import io.chartline.devstack.TestStack;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The secure Kafka path for real: a node whose every client (admin, producers, consumers) reaches
 * the local broker only on its SASL_SSL listener, with SCRAM-SHA-512 and a verified certificate,
 * as against Amazon MSK, runs the whole pipeline. A wrong password and an untrusted certificate
 * each refuse the start instead of serving without Kafka.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class KafkaSecurityIT {

  private static final String TENANT = "tls-clinic";

  @Test
  void theWholePipelineRunsOverSaslSsl() throws Exception {
    KafkaServer kafka = TestStack.get().kafka();
    String user = "chartline-" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS); // blocking-ok: test setup
    }
    Settings base = TestNode.isolatedSettings("kafkatls", Map.of());
    Settings secure = base.with("CHARTLINE_KAFKA_BOOTSTRAP", kafka.secureBootstrapServers())
        .with("CHARTLINE_KAFKA_AUTH", "scram").with("CHARTLINE_KAFKA_USERNAME", user)
        .with("CHARTLINE_KAFKA_PASSWORD", password)
        .with("CHARTLINE_KAFKA_PROPERTY_SSL_TRUSTSTORE_TYPE", "PEM")
        .with("CHARTLINE_KAFKA_PROPERTY_SSL_TRUSTSTORE_LOCATION", kafka.certificate().toString());
    awaitCredentials(secure);
    DevKeys keys = DevKeys.generate();

    try (TestNode node = TestNode.start(secure, EnumSet.allOf(Role.class), keys);
        Blocking api = new Blocking(node)) {
      String token = node.token(TENANT, "clinician");
      String id = api.upload(token, "text/plain", Texts.note(7, 20));
      api.awaitIndexed(token, id);
      HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.port() + "/v1/search")).timeout(Duration.ofSeconds(20))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("query", "heart rate").encode())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(search.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(search.body()).getJsonArray("results")).isNotEmpty();
    }

    Settings wrongPassword = secure.with("CHARTLINE_KAFKA_PASSWORD", "not-" + password)
        .with("CHARTLINE_KAFKA_MAX_BLOCK", "3s");
    assertThatThrownBy(() -> TestNode.start(wrongPassword, EnumSet.of(Role.INGEST), keys))
        .hasStackTraceContaining("uthentication failed");
    // a CA that did not sign the broker's certificate (the local PostgreSQL's)
    Settings untrusted = secure.with("CHARTLINE_KAFKA_PROPERTY_SSL_TRUSTSTORE_LOCATION",
        TestStack.get().postgres().certificate().toString()).with("CHARTLINE_KAFKA_MAX_BLOCK", "3s");
    assertThatThrownBy(() -> TestNode.start(untrusted, EnumSet.of(Role.INGEST), keys))
        .hasStackTraceContaining("SSL handshake failed");
  }

  /** SCRAM credentials reach the broker's listener shortly after they are written. */
  private static void awaitCredentials(Settings secure) throws Exception {
    Map<String, Object> props = Map.of("bootstrap.servers", secure.str("CHARTLINE_KAFKA_BOOTSTRAP", null),
        "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + secure.str("CHARTLINE_KAFKA_USERNAME", null) + "\" password=\""
            + secure.str("CHARTLINE_KAFKA_PASSWORD", null) + "\";",
        "ssl.truststore.type", "PEM", "ssl.truststore.location",
        secure.str("CHARTLINE_KAFKA_PROPERTY_SSL_TRUSTSTORE_LOCATION", null),
        "default.api.timeout.ms", 5000, "request.timeout.ms", 4000);
    long deadline = System.currentTimeMillis() + 30_000;
    Exception last = null;
    while (System.currentTimeMillis() < deadline) {
      try (Admin admin = Admin.create(props)) {
        admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS); // blocking-ok: test setup
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the SCRAM user never authenticated", last);
  }
}
