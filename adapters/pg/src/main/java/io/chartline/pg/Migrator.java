package io.chartline.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL migrations shipped on the classpath, as the schema owner, once each,
 * under an advisory lock so several migrations started together do not race. Then checks that
 * the embedding column has the configured dimension. Runs in its own step ({@code chartline
 * migrate}), never inside a serving node: a node holds no credential that can alter the schema, and
 * only checks at start that the schema is current ({@link #requireCurrent}).
 */
public final class Migrator {

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  public static final List<String> MIGRATIONS = List.of("V1__schema.sql", "V2__isolation.sql", "V3__sealed_titles.sql",
      "V4__partition_rls.sql", "V5__patient_scope.sql", "V6__break_glass.sql",
      "V7__chunk_storage_and_scope_planning.sql", "V8__serving_roles.sql", "V9__audit_issuer_and_aggregates.sql",
      "V10__tenant_deletions.sql", "V11__audit_repeats.sql", "V12__object_sources.sql",
      "V13__shared_rate_limits.sql");
  private static final long LOCK_KEY = 0x43_68_61_72_74L;

  private Migrator() {
  }

  /**
   * @return a future that succeeds when the schema is current and the vector dimension matches;
   *     fails with a message naming the setting when the database disagrees with configuration
   */
  public static Future<Void> migrate(Pool ownerPool, DbSettings settings) {
    Map<String, String> vars = Map.of(
        "dimension", Integer.toString(settings.vectorDimension()),
        "app_role", settings.app().user(),
        "owner_role", settings.ownerRole(),
        "audit_role", settings.audit().user());
    return ownerPool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
            .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
                + "applied_at timestamptz NOT NULL DEFAULT now())").execute())
            .compose(v -> applyAll(conn, vars, 0)))
        .compose(v -> checkDimension(ownerPool, settings.vectorDimension()));
  }

  private static Future<Void> applyAll(SqlConnection conn, Map<String, String> vars, int i) {
    if (i >= MIGRATIONS.size()) {
      return Future.succeededFuture();
    }
    String name = MIGRATIONS.get(i);
    return conn.preparedQuery("SELECT 1 FROM schema_migrations WHERE version = $1").execute(Tuple.of(name))
        .compose(rs -> {
          if (rs.size() > 0) {
            return Future.<Void>succeededFuture();
          }
          LOG.info("applying migration [version: {}]", name);
          return conn.query(render(load(name), vars)).execute()
              .compose(r -> conn.preparedQuery("INSERT INTO schema_migrations (version) VALUES ($1)")
                  .execute(Tuple.of(name)))
              .mapEmpty();
        })
        .compose(v -> applyAll(conn, vars, i + 1));
  }

  /**
   * Fails unless every migration this build ships has been applied, with a message saying to run
   * {@code chartline migrate}. Runs as the application role (it reads {@code schema_migrations}).
   */
  public static Future<Void> requireCurrent(Pool appPool) {
    return appPool.query("SELECT version FROM schema_migrations").execute()
        .map(rs -> {
          Set<String> applied = new HashSet<>();
          rs.forEach(r -> applied.add(r.getString(0)));
          return applied;
        })
        // no schema_migrations table yet: nothing was migrated
        .recover(t -> t instanceof io.vertx.pgclient.PgException pg && "42P01".equals(pg.getSqlState())
            ? Future.succeededFuture(Set.of()) : Future.failedFuture(t))
        .compose(applied -> {
          List<String> missing = MIGRATIONS.stream().filter(m -> !applied.contains(m)).toList();
          return missing.isEmpty() ? Future.<Void>succeededFuture()
              : Future.failedFuture(new IllegalStateException("the database schema is not current (missing "
                  + String.join(", ", missing) + "): run `chartline migrate` with the schema owner's credentials "
                  + "(CHARTLINE_DB_OWNER_USER, CHARTLINE_DB_OWNER_PASSWORD) before starting nodes"));
        });
  }

  /**
   * Fails when stored chunks were embedded by another model than {@code modelId}: vectors of
   * different models are not comparable, even at the same dimension. Runs as the application role
   * through a function that sees every tenant's model names and nothing else.
   */
  public static Future<Void> checkModel(Pool appPool, String modelId) {
    return appPool.preparedQuery("SELECT other_embedding_model($1)").execute(Tuple.of(modelId))
        .compose(rs -> {
          String other = rs.iterator().next().getString(0);
          return other == null ? Future.<Void>succeededFuture()
              : Future.failedFuture(new IllegalStateException("stored chunks were embedded with model '" + other
                  + "' but this node embeds with '" + modelId
                  + "': re-index into a new database (in dev mode: bin/chartline reset)"));
        });
  }

  /** Fails when the embedding column's dimension differs from {@code configured}; any role may run it. */
  public static Future<Void> checkDimension(Pool pool, int configured) {
    return pool.query("SELECT atttypmod FROM pg_attribute WHERE attrelid = 'chunks'::regclass "
            + "AND attname = 'embedding'").execute()
        .compose(rs -> {
          int actual = rs.iterator().next().getInteger(0);
          if (actual != configured) {
            return Future.failedFuture(new IllegalStateException("CHARTLINE_EMBEDDING_DIMENSION is " + configured
                + " but the database column chunks.embedding has dimension " + actual
                + ": use the model the data was indexed with, or re-index into a new database"));
          }
          return Future.succeededFuture();
        });
  }

  static String render(String sql, Map<String, String> vars) {
    String out = sql;
    for (Map.Entry<String, String> e : vars.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  private static String load(String name) {
    try (InputStream in = Migrator.class.getResourceAsStream("/db/migration/" + name)) {
      if (in == null) {
        throw new IllegalStateException("migration missing from classpath: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
