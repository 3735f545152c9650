package io.chartline.launcher;

import io.chartline.pg.DbAuthSettings;
import io.chartline.pg.DbTlsSettings;
import java.nio.file.Path;
import java.util.Locale;

/** How a node's database connections are protected and authenticated, read from {@code CHARTLINE_DB_*}. */
final class DbSecurity {

  private DbSecurity() {
  }

  /** {@code CHARTLINE_DB_SSL_MODE} (and the older {@code CHARTLINE_DB_SSL=true}, which means {@code require}). */
  static DbTlsSettings tls(Settings s) {
    String mode = s.str("CHARTLINE_DB_SSL_MODE", s.bool("CHARTLINE_DB_SSL", false) ? "require" : "disable");
    String root = s.str("CHARTLINE_DB_SSL_ROOT_CERT", null);
    return new DbTlsSettings(DbTlsSettings.Mode.parse(mode), root == null ? null : Path.of(root));
  }

  /**
   * {@code CHARTLINE_DB_AUTH}: {@code password} (default) or {@code iam} (RDS IAM tokens, signed for
   * {@code CHARTLINE_DB_IAM_REGION}, else {@code AWS_REGION}).
   */
  static DbAuthSettings auth(Settings s) {
    return switch (s.str("CHARTLINE_DB_AUTH", "password").trim().toLowerCase(Locale.ROOT)) {
      case "password" -> DbAuthSettings.password();
      case "iam" -> new DbAuthSettings(DbAuthSettings.Method.IAM,
          s.str("CHARTLINE_DB_IAM_REGION", s.str("AWS_REGION", null)));
      default -> throw new IllegalArgumentException("CHARTLINE_DB_AUTH must be password or iam");
    };
  }
}
