package io.chartline.common.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Creates the owner, application and audit roles and the database, as a superuser. Used by dev
 * mode and tests against a local cluster; in production the roles come from infrastructure code.
 * The application and audit roles are NOSUPERUSER NOBYPASSRLS and own nothing.
 */
public final class RoleBootstrap {

  private RoleBootstrap() {
  }

  /** @return a future that succeeds once roles and database exist (idempotent). */
  public static Future<Void> ensure(Pool superuserPool, DbSettings s) {
    return ensureRole(superuserPool, s.owner(), "NOSUPERUSER NOBYPASSRLS CREATEROLE")
        .compose(v -> ensureRole(superuserPool, s.app(), "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"))
        .compose(v -> ensureRole(superuserPool, s.audit(), "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"))
        .compose(v -> superuserPool.query("SELECT 1 FROM pg_database WHERE datname = '" + s.database() + "'")
            .execute())
        .compose(rs -> rs.size() > 0 ? Future.<Void>succeededFuture()
            : superuserPool.query("CREATE DATABASE " + ident(s.database()) + " OWNER " + s.owner().user())
                .execute().mapEmpty());
  }

  /** Installs the vector extension, which needs a superuser on stock PostgreSQL. */
  public static Future<Void> installExtensions(Pool superuserPoolOnDatabase) {
    return superuserPoolOnDatabase.query("CREATE EXTENSION IF NOT EXISTS vector").execute().mapEmpty();
  }

  private static Future<Void> ensureRole(Pool pool, DbSettings.Credentials who, String attributes) {
    String pw = who.password().replace("'", "''");
    String sql = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + who.user() + "') THEN "
        + "CREATE ROLE " + who.user() + " LOGIN " + attributes + "; END IF; END $$";
    String password = "ALTER ROLE " + who.user() + " PASSWORD '" + pw + "'";
    return pool.query(sql).execute().compose(r -> pool.query(password).execute()).mapEmpty();
  }

  private static String ident(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("db.database must be a plain lower-case identifier: " + name);
    }
    return name;
  }
}
