package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgConnection;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class PostgresIT {

  private static PostgresServer postgres;

  @BeforeAll
  static void startStack() {
    postgres = TestStack.get().postgres();
  }

  @Test
  void createdDatabaseHasPgvector(Vertx vertx, VertxTestContext ctx) throws IOException {
    String db = postgres.createDatabase(TestClients.unique("it_pg"));
    double expected = 1 - 17 / Math.sqrt(14.0 * 21.0); // cosine distance of [1,2,3] and [1,2,4]

    PgConnection.connect(vertx, TestClients.pg(postgres, db, postgres.superuserPassword()))
        .compose(conn -> conn.query("SELECT '[1,2,3]'::vector <=> '[1,2,4]'::vector AS d").execute()
            .eventually(conn::close))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          assertThat(rows.iterator().next().getDouble("d")).isCloseTo(expected, within(1e-6));
          ctx.completeNow();
        })));
  }

  @Test
  void createDatabaseIsIdempotent() throws IOException {
    String name = TestClients.unique("it_again");

    assertThat(postgres.createDatabase(name)).isEqualTo(name);
    assertThat(postgres.createDatabase(name)).isEqualTo(name);
  }

  @Test
  void rejectsNamesThatNeedQuotingTricks() {
    assertThatThrownBy(() -> postgres.createDatabase("x\"; DROP DATABASE postgres; --"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tcpConnectionsNeedTheSuperuserPassword(Vertx vertx, VertxTestContext ctx) {
    PgConnection.connect(vertx, TestClients.pg(postgres, "postgres", "not-the-password"))
        .onComplete(ctx.failing(error -> ctx.verify(() -> {
          assertThat(error).hasMessageContaining("password authentication failed");
          ctx.completeNow();
        })));
  }
}
