package io.chartline.pg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How a node's connections to PostgreSQL are protected ({@code CHARTLINE_DB_SSL_MODE},
 * {@code CHARTLINE_DB_SSL_ROOT_CERT}), with libpq's meanings: {@code disable}; {@code require}
 * (encrypted, the server not verified); {@code verify-ca} (the server's certificate chains to the
 * root certificates); {@code verify-full} (and names the host connected to: what RDS with
 * {@code rds.force_ssl=1} and its CA bundle want).
 *
 * @param rootCert PEM bundle of the certificates a server's must chain to (verify modes only)
 */
public record DbTlsSettings(Mode mode, Path rootCert) {

  /** libpq's sslmode values this client supports. */
  public enum Mode {
    DISABLE, REQUIRE, VERIFY_CA, VERIFY_FULL;

    /** @throws IllegalArgumentException for a value libpq does not name, or one that does not protect the connection */
    public static Mode parse(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "disable" -> DISABLE;
        case "require" -> REQUIRE;
        case "verify-ca" -> VERIFY_CA;
        case "verify-full" -> VERIFY_FULL;
        default -> throw new IllegalArgumentException("CHARTLINE_DB_SSL_MODE must be disable, require, verify-ca or "
            + "verify-full (allow and prefer would fall back to plaintext)");
      };
    }

    public boolean verifies() {
      return this == VERIFY_CA || this == VERIFY_FULL;
    }
  }

  public DbTlsSettings {
    if (mode == null) {
      throw new IllegalArgumentException("CHARTLINE_DB_SSL_MODE must be set");
    }
    if (mode.verifies() && (rootCert == null || !Files.isReadable(rootCert))) {
      throw new IllegalArgumentException("CHARTLINE_DB_SSL_MODE="
          + mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
          + " needs CHARTLINE_DB_SSL_ROOT_CERT, a readable PEM bundle (for RDS: the region's CA bundle)");
    }
  }

  public static DbTlsSettings disabled() {
    return new DbTlsSettings(Mode.DISABLE, null);
  }
}
