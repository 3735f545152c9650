package io.chartline.devtools;

import io.chartline.pg.DbAuthSettings;
import io.chartline.pg.DbSettings;
import io.chartline.pg.Migrator;
import io.chartline.pg.PgPools;
import io.chartline.pg.RoleBootstrap;
import io.chartline.devstack.DevStack;
import io.chartline.devstack.PostgresServer;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Points a node at a {@link DevStack}: creates the owner, application and audit roles (with fresh
 * random passwords each start) and the database, migrates it as the owner (the step
 * {@code chartline migrate} is in production), and returns the settings that reach it. The owner's
 * password stays in the returned settings for dev tooling; a node's configuration never reads it.
 * With the stack's SQS server, it also creates the intake queue S3 announces the bucket's objects on
 * (with its dead-letter queue, see {@link IntakeQueues}).
 */
public final class DevEnvironment {

  private DevEnvironment() {
  }

  /**
   * Prepares {@code database} on the stack's PostgreSQL and returns settings for a node.
   * Blocking: call it from a main thread or test setup, never from an event loop.
   */
  public static Settings prepare(DevStack stack, String database, Settings base) throws Exception {
    PostgresServer pg = stack.postgres();
    Map<String, String> m = new HashMap<>();
    m.put("CHARTLINE_DB_HOST", pg.host());
    m.put("CHARTLINE_DB_PORT", Integer.toString(pg.port()));
    m.put("CHARTLINE_DB_NAME", database);
    for (String role : new String[] {"OWNER", "APP", "AUDIT"}) {
      m.put("CHARTLINE_DB_" + role + "_PASSWORD", randomPassword());
    }
    m.put("CHARTLINE_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers());
    m.put("CHARTLINE_S3_ENDPOINT", stack.s3().endpoint().toString());
    m.put("CHARTLINE_S3_REGION", stack.s3().region());
    m.put("CHARTLINE_S3_ACCESS_KEY", stack.s3().accessKey());
    m.put("CHARTLINE_S3_SECRET_KEY", stack.s3().secretKey());
    m.put("CHARTLINE_S3_PATH_STYLE", "true");
    if (stack.sqs() != null && base.str("CHARTLINE_SQS_QUEUE_URL", null) == null) {
      Map<String, String> intake = IntakeQueues.ensure(stack.sqs(), database);
      m.putAll(intake);
      if (stack.notifications() != null) {
        // as the bucket's notification configuration does on AWS
        stack.notifications().route(base.str("CHARTLINE_S3_BUCKET", "chartline-documents"),
            java.net.URI.create(intake.get("CHARTLINE_SQS_QUEUE_URL")));
      }
    }
    Settings settings = base;
    for (Map.Entry<String, String> e : m.entrySet()) {
      settings = settings.with(e.getKey(), e.getValue());
    }
    bootstrap(pg, AppConfig.database(settings), AppConfig.migrationCredentials(settings));
    return settings;
  }

  private static void bootstrap(PostgresServer pg, DbSettings db, DbSettings.Credentials owner) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      DbSettings.Credentials su = new DbSettings.Credentials(pg.superuser(), pg.superuserPassword());
      DbSettings admin = new DbSettings(db.host(), db.port(), "postgres", db.ownerRole(), db.app(), db.audit(), 1,
          db.vectorDimension(), db.tls(), DbAuthSettings.password());
      Pool adminPool = PgPools.create(vertx, admin, su, 1);
      Future<Void> done = RoleBootstrap.ensure(adminPool, db, owner)
          .eventually(adminPool::close)
          .compose(v -> {
            Pool dbPool = PgPools.create(vertx, db, su, 1);
            return RoleBootstrap.installExtensions(dbPool).eventually(dbPool::close);
          })
          .compose(v -> {
            Pool ownerPool = PgPools.create(vertx, db, owner, 1);
            return Migrator.migrate(ownerPool, db).eventually(ownerPool::close);
          });
      done.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS); // blocking-ok: setup thread
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // blocking-ok: setup thread
    }
  }

  private static String randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
