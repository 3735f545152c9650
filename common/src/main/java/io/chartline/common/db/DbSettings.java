package io.chartline.common.db;

import java.util.Objects;

/**
 * Database connection settings. Three roles: the schema owner (migrations only), the
 * application role (owns nothing, no BYPASSRLS) and the audit writer (INSERT on audit_log only).
 */
public record DbSettings(String host, int port, String database, Credentials owner, Credentials app,
    Credentials audit, int poolSize, int vectorDimension, boolean ssl) {

  /** A login role and its password. */
  public record Credentials(String user, String password) {
    public Credentials {
      Objects.requireNonNull(user, "db user");
      if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
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
    Objects.requireNonNull(owner, "db.owner");
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
    if (owner.user().equals(app.user()) || app.user().equals(audit.user())) {
      throw new IllegalArgumentException("CHARTLINE_DB_APP_USER must differ from the owner and audit roles");
    }
  }
}
