package io.chartline.devtools;

import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.chartline.jwt.DevKeys;
import io.chartline.jwt.JwtPolicy;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Args;
import io.chartline.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code token --tenant T --role R [--sub S] [--ttl D] [--patient P] [--scope S]}: prints a JWT
 * signed by the dev key set; {@code --patient} names the patient the token is about and
 * {@code --scope} sets its OAuth scopes (space- or comma-separated, e.g. {@code can_view_clinical}).
 * {@code --ttl} may not exceed the lifetime the API accepts ({@code CHARTLINE_AUTH_MAX_TOKEN_LIFETIME},
 * 12 h by default): a token the API would refuse is not printed.
 */
final class TokenCommand {

  private TokenCommand() {
  }

  static int run(Args args) throws Exception {
    String tenant = args.required("tenant");
    if (!TenantId.isValid(tenant)) {
      throw new IllegalArgumentException("--tenant must match [a-z0-9][a-z0-9_-]{0,62}");
    }
    List<String> roles = List.of(args.required("role").split(","));
    long ttl = ttlSeconds(args.get("ttl", "1h"), Settings.fromEnvironment());
    JsonObject extra = new JsonObject();
    String patient = args.get("patient", null);
    if (patient != null) {
      if (!DataScope.isValidPatientId(patient)) {
        throw new IllegalArgumentException("--patient must be 1-128 letters, digits or . _ : -");
      }
      extra.put("patient_id", patient);
    }
    String scope = args.get("scope", null);
    if (scope != null) {
      extra.put("scope", String.join(" ", scope.trim().split("[\\s,]+")));
    }
    DevKeys keys = DevKeys.loadOrCreate(devKeyFile(Path.of(args.get("home", ".chartline"))));
    System.out.println(keys.token(tenant, args.get("sub", "dev-user"), roles, extra, ttl, Clock.systemUTC()));
    return 0;
  }

  /**
   * @return {@code ttl} in seconds when the API would accept a token that lives that long
   * @throws IllegalArgumentException naming the limit and the variable that sets it otherwise
   */
  static long ttlSeconds(String ttl, Settings env) {
    Duration max = AppConfig.maxTokenLifetime(env);
    Duration longest = max.isZero() ? Duration.ofDays(7) : max;
    long seconds = Settings.parseDuration("--ttl", ttl).toSeconds();
    if (seconds < 1 || seconds > longest.toSeconds()) {
      throw new IllegalArgumentException("--ttl must be between 1s and " + longest.toHours() + "h"
          + (max.isZero() ? "" : ": the API refuses tokens that live longer (CHARTLINE_AUTH_MAX_TOKEN_LIFETIME, "
          + "default " + JwtPolicy.DEFAULT_MAX_LIFETIME.toHours() + "h)"));
    }
    return seconds;
  }

  static Path devKeyFile(Path home) {
    return home.resolve("keys").resolve("dev-jwt-key.json");
  }
}
