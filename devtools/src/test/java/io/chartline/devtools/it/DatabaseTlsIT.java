package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.devstack.PostgresServer;
import io.chartline.devstack.TestStack;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL over TLS for real, as against RDS with {@code rds.force_ssl=1}: a database that takes
 * only TLS connections serves a whole node connecting with {@code verify-full} against the
 * server's CA bundle; without TLS, or with a CA that did not sign the server's certificate, the
 * node refuses to start.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DatabaseTlsIT {

  @Test
  void aTlsOnlyDatabaseServesANodeConnectingWithVerifyFull() throws Exception {
    PostgresServer pg = TestStack.get().postgres();
    String unique = "dbtls_" + UUID.randomUUID().toString().substring(0, 8);
    Settings settings = TestNode.settings(unique, PostgresServer.TLS_ONLY_DATABASE, Map.of(
        "CHARTLINE_DB_SSL_MODE", "verify-full", "CHARTLINE_DB_SSL_ROOT_CERT", pg.certificate().toString()));
    DevKeys keys = DevKeys.generate();

    try (TestNode node = TestNode.start(settings, EnumSet.allOf(Role.class), keys);
        Blocking api = new Blocking(node)) {
      String token = node.token("tls-db-clinic", "clinician");
      String id = api.upload(token, "text/plain", Texts.note(3, 20));
      api.awaitIndexed(token, id);
      Boolean ssl = node.node().appPool().query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
          .map(rows -> rows.iterator().next().getBoolean(0))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // blocking-ok: test thread
      assertThat(ssl).as("the application role's session is encrypted").isTrue();
    }

    assertThatThrownBy(() -> TestNode.start(settings.with("CHARTLINE_DB_SSL_MODE", "disable"), EnumSet.of(Role.AUDIT),
        keys)).hasStackTraceContaining("no encryption");
    String otherCa = TestStack.get().kafka().certificate().toString();
    assertThatThrownBy(() -> TestNode.start(settings.with("CHARTLINE_DB_SSL_ROOT_CERT", otherCa), EnumSet.of(Role.AUDIT),
        keys)).isInstanceOf(Exception.class);
  }
}
