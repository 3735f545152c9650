package io.chartline.devstack;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.concurrent.TimeUnit;

/** Runs one statement and waits for it; for tests that drive several services step by step. */
final class BlockingSql {

  private BlockingSql() {
  }

  static RowSet<Row> run(Vertx vertx, PgConnectOptions options, String sql) throws Exception {
    return PgConnection.connect(vertx, options)
        .compose(conn -> conn.query(sql).execute().eventually(conn::close))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
