package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.sqlclient.Pool;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node refuses to start on data it cannot use: another vector dimension or another model. */
class StartupChecksIT {

  static final String TENANT = "it-startup";

  @Test
  void refusesAnotherDimensionAndChunksOfAnotherModelWithAClearMessage() throws Exception {
    Settings settings = TestNode.isolatedSettings("startup", Map.of());
    DevKeys keys = DevKeys.generate();
    try (TestNode node = TestNode.start(settings, EnumSet.allOf(Role.class), keys); Blocking api = new Blocking(node)) {
      String token = node.token(TENANT, "clinician");
      api.awaitIndexed(token, api.upload(token, "text/plain", Texts.note(1, 10)));
      Pool admin = Superuser.pool(node.node().vertx(), node.config().db());
      // as someone with database access would: swap the model name under the stored vectors
      int changed = admin.withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
              .execute(io.vertx.sqlclient.Tuple.of(TENANT))
              .compose(x -> c.query("UPDATE chunks SET model = 'some-other-model'").execute()))
          .map(rs -> rs.rowCount())
          .eventually(admin::close).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      assertThat(changed).isPositive();
    }
    // the configuration itself is refused, before any connection is opened
    assertThatThrownBy(() -> TestNode.start(settings.with("CHARTLINE_EMBEDDING_DIMENSION", "768"),
        EnumSet.of(Role.EMBED), keys))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CHARTLINE_EMBEDDING_DIMENSION").hasMessageContaining("768").hasMessageContaining("384");
    assertThatThrownBy(() -> TestNode.start(settings.with("CHARTLINE_QUERY_PORT", "0")
        .with("CHARTLINE_QUERY_LINK_KEYS", QueryLinkIT.newKey()), EnumSet.of(Role.QUERY), keys))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("some-other-model").hasMessageContaining("re-index");
  }
}
