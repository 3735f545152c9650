package io.chartline.pg;

import java.util.Objects;

/**
 * Database connection settings of a serving node: the application role (owns nothing, no
 * BYPASSRLS) and the audit writer (INSERT on audit_log only). The schema owner appears by name
 * only, for the grants and policies migrations write; its credentials are never part of a node's
 * settings (migrations run as a separate step, see {@link Migrator}).
 *
 * @param tls how connections are protected
 * @param auth passwords, or RDS IAM authentication tokens in their place
 */
public record DbSettings(String host, int port, String database, String ownerRole, Credentials app,
    Credentials audit, int poolSize, int vectorDimension, DbTlsSettings tls, DbAuthSettings auth) {

  /** A login role and its password. */
  public record Credentials(String user, String password) {
    public Credentials {
      Objects.requireNonNull(user, "db user");
      if (!isRoleName(user)) {
        throw new IllegalArgumentException("CHARTLINE_DB_*_USER must be a plain lower-case identifier: " + user);
      }
      password = password == null ? "" : password;
    }

    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=***]";
    }
  }

  public DbSettings {
    Objects.requireNonNull(host, "CHARTLINE_DB_HOST");
    Objects.requireNonNull(database, "CHARTLINE_DB_NAME");
    Objects.requireNonNull(ownerRole, "CHARTLINE_DB_OWNER_USER");
    if (!isRoleName(ownerRole)) {
      throw new IllegalArgumentException("CHARTLINE_DB_OWNER_USER must be a plain lower-case identifier: " + ownerRole);
    }
    Objects.requireNonNull(app, "db.app");
    Objects.requireNonNull(audit, "db.audit");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("CHARTLINE_DB_PORT out of range: " + port);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("CHARTLINE_DB_POOL_SIZE must be >= 1");
    }
    if (vectorDimension < 1 || vectorDimension > 16000) {
      throw new IllegalArgumentException("CHARTLINE_EMBEDDING_DIMENSION must be between 1 and 16000");
    }
    Objects.requireNonNull(tls, "CHARTLINE_DB_SSL_MODE");
    Objects.requireNonNull(auth, "CHARTLINE_DB_AUTH");
    if (auth.method() == DbAuthSettings.Method.IAM && tls.mode() == DbTlsSettings.Mode.DISABLE) {
      throw new IllegalArgumentException("CHARTLINE_DB_AUTH=iam needs TLS: set CHARTLINE_DB_SSL_MODE=verify-full");
    }
    if (ownerRole.equals(app.user()) || ownerRole.equals(audit.user()) || app.user().equals(audit.user())) {
      throw new IllegalArgumentException("CHARTLINE_DB_OWNER_USER, CHARTLINE_DB_APP_USER and CHARTLINE_DB_AUDIT_USER "
          + "must name three different roles");
    }
  }

  private static boolean isRoleName(String name) {
    return name.matches("[a-z_][a-z0-9_]{0,62}");
  }
}
