package io.chartline.launcher;

import io.chartline.pg.DbSettings;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code migrate}: brings the database schema up to this build, as the schema owner
 * ({@code CHARTLINE_DB_OWNER_USER} / {@code CHARTLINE_DB_OWNER_PASSWORD}), then exits. It is the
 * only command that reads the owner's credentials: run it as a one-off task before nodes start
 * (they refuse to serve on an older schema), with credentials the serving nodes are not given.
 */
final class MigrateCommand {

  private static final Logger LOG = LoggerFactory.getLogger(MigrateCommand.class);

  private MigrateCommand() {
  }

  static int run(Args args) throws Exception {
    Settings settings = Settings.fromEnvironment();
    DbSettings db = AppConfig.database(settings);
    DbSettings.Credentials owner = AppConfig.migrationCredentials(settings);
    if (owner.password().isEmpty()) {
      throw new IllegalArgumentException("CHARTLINE_DB_OWNER_PASSWORD is not set: migrations run as the schema owner");
    }
    Vertx vertx = Vertx.vertx();
    try {
      int migrations = Adapters.migrate(vertx, db, owner)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES); // blocking-ok: main thread
      LOG.info("database schema is current [database: {}, migrations: {}]", db.database(), migrations);
      return 0;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // blocking-ok: main thread
    }
  }
}
