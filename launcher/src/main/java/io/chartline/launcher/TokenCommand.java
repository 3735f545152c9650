package io.chartline.launcher;

import io.chartline.common.auth.DevKeys;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code token --tenant T --role R [--sub S] [--ttl D] [--patient P] [--scope S]}: prints a JWT
 * signed by the dev key set; {@code --patient} names the patient the token is about and
 * {@code --scope} sets its OAuth scopes (space- or comma-separated, e.g. {@code can_view_clinical}).
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
    long ttl = Settings.parseDuration("--ttl", args.get("ttl", "1h")).toSeconds();
    if (ttl < 1 || ttl > 7 * 24 * 3600) {
      throw new IllegalArgumentException("--ttl must be between 1s and 7d");
    }
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

  static Path devKeyFile(Path home) {
    return home.resolve("keys").resolve("dev-jwt-key.json");
  }
}
