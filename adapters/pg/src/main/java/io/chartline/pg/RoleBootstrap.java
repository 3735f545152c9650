package io.chartline.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Creates the owner, application and audit roles and the database, as a superuser. Used by dev
 * mode and tests against a local cluster; in production the roles come from infrastructure code.
 * No role may create roles or databases or step around row-level security; the application and
 * audit roles own nothing. Attributes are set on every run, so a cluster made by an older version
 * loses what it no longer should have.
 */
public final class RoleBootstrap {

  private RoleBootstrap() {
  }

  private static final String ATTRIBUTES = "NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION";

  /**
   * @param owner the schema owner's credentials (they go to the migration step only)
   * @return a future that succeeds once roles and database exist (idempotent)
   */
  public static Future<Void> ensure(Pool superuserPool, DbSettings s, DbSettings.Credentials owner) {
    if (!owner.user().equals(s.ownerRole())) {
      return Future.failedFuture(new IllegalArgumentException("owner credentials name another role"));
    }
    return ensureRole(superuserPool, owner)
        .compose(v -> ensureRole(superuserPool, s.app()))
        .compose(v -> ensureRole(superuserPool, s.audit()))
        .compose(v -> superuserPool.query("SELECT 1 FROM pg_database WHERE datname = '" + s.database() + "'")
            .execute())
        .compose(rs -> rs.size() > 0 ? Future.<Void>succeededFuture()
            : superuserPool.query("CREATE DATABASE " + ident(s.database()) + " OWNER " + s.ownerRole())
                .execute().mapEmpty());
  }

  /** Installs the vector extension, which needs a superuser on stock PostgreSQL. */
  public static Future<Void> installExtensions(Pool superuserPoolOnDatabase) {
    return superuserPoolOnDatabase.query("CREATE EXTENSION IF NOT EXISTS vector").execute().mapEmpty();
  }

  private static Future<Void> ensureRole(Pool pool, DbSettings.Credentials who) {
    String pw = who.password().replace("'", "''");
    String sql = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + who.user() + "') THEN "
        + "CREATE ROLE " + who.user() + " LOGIN " + ATTRIBUTES + "; END IF; END $$";
    String password = "ALTER ROLE " + who.user() + " LOGIN " + ATTRIBUTES + " PASSWORD '" + pw + "'";
    return pool.query(sql).execute().compose(r -> pool.query(password).execute()).mapEmpty();
  }

  private static String ident(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("db.database must be a plain lower-case identifier: " + name);
    }
    return name;
  }
}
