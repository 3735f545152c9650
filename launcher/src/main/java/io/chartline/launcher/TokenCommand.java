package io.chartline.launcher;

import io.chartline.common.auth.DevKeys;
import io.chartline.common.tenant.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** {@code token --tenant T --role R [--sub S] [--ttl D]}: prints a JWT signed by the dev key set. */
final class TokenCommand {

  private TokenCommand() {
  }

  static int run(Args args) throws Exception {
    String tenant = args.required("tenant");
    if (!TenantId.isValid(tenant)) {
      throw new IllegalArgumentException("--tenant must match [a-z0-9][a-z0-9_-]{0,62}");
    }
    List<String> roles = List.of(args.required("role").split(","));
    long ttl = Settings.parseDuration("--ttl", args.get("ttl", "1h")).toSeconds();
    if (ttl < 1 || ttl > 7 * 24 * 3600) {
      throw new IllegalArgumentException("--ttl must be between 1s and 7d");
    }
    DevKeys keys = DevKeys.loadOrCreate(devKeyFile(Path.of(args.get("home", ".chartline"))));
    System.out.println(keys.token(tenant, args.get("sub", "dev-user"), roles, ttl, Clock.systemUTC()));
    return 0;
  }

  static Path devKeyFile(Path home) {
    return home.resolve("keys").resolve("dev-jwt-key.json");
  }
}
