package io.chartline.pg;

import java.util.Objects;

/**
 * How a node's roles log in ({@code CHARTLINE_DB_AUTH}): with their passwords, or with Amazon RDS
 * IAM authentication tokens (15-minute tokens signed with the node's AWS credentials, made fresh
 * for new connections, so no database password is configured at all; connections need TLS).
 *
 * @param region the database's region, which the token is signed for ({@code CHARTLINE_DB_IAM_REGION})
 */
public record DbAuthSettings(Method method, String region) {

  /** Password or IAM token. */
  public enum Method { PASSWORD, IAM }

  public DbAuthSettings {
    Objects.requireNonNull(method, "CHARTLINE_DB_AUTH");
    if (method == Method.IAM && (region == null || region.isBlank())) {
      throw new IllegalArgumentException("CHARTLINE_DB_AUTH=iam needs CHARTLINE_DB_IAM_REGION");
    }
  }

  public static DbAuthSettings password() {
    return new DbAuthSettings(Method.PASSWORD, null);
  }
}
