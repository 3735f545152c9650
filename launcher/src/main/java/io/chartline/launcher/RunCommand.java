package io.chartline.launcher;

import io.chartline.common.auth.JwksKeySource;
import io.chartline.common.auth.KeySet;
import io.chartline.common.auth.KeySource;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code run [--roles api,ingest,embed,query,audit]}: deploys roles against the configured services and
 * serves until the process is stopped. Local services ({@code run --dev}) live in the dev tools, not
 * in this jar.
 */
public final class RunCommand {

  private RunCommand() {
  }

  static int run(Args args) throws Exception {
    Settings settings = Settings.fromEnvironment();
    String roles = args.get("roles", settings.str("CHARTLINE_ROLES", "all"));
    if (args.flag("dev")) {
      throw new IllegalArgumentException("run --dev starts local services, which this jar does not carry; use "
          + "bin/chartline demo, or the dev tools jar: java -jar chartline-dev.jar run --dev");
    }
    AppConfig config = AppConfig.from(settings, Role.parse(roles));
    Node node = Await.join(Node.start(config, keySource(config), Clock.systemUTC()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Await.quietly(node.close()), "chartline-shutdown"));
    new CountDownLatch(1).await(); // blocking-ok: main thread parks while the node serves
    return 0;
  }

  /**
   * Token keys outside dev mode: the JWKS file when {@code CHARTLINE_AUTH_JWKS_FILE} is set, else the
   * issuer's JWKS ({@code CHARTLINE_AUTH_JWKS_URL} or OIDC discovery), cached and refreshed.
   */
  public static KeySource.Factory keySource(AppConfig config) throws Exception {
    if (config.jwksFile() != null) {
      KeySet keys = loadJwks(config.jwksFile());
      return vertx -> Future.succeededFuture(KeySource.fixed(keys));
    }
    return vertx -> JwksKeySource.open(vertx, config.jwks(), Clock.systemUTC());
  }

  static KeySet loadJwks(Path file) throws Exception {
    if (file == null) {
      return KeySet.of(Map.of());
    }
    KeySet keys = KeySet.fromJwks(new JsonObject(Files.readString(file)));
    if (keys.isEmpty()) {
      throw new IllegalStateException("CHARTLINE_AUTH_JWKS_FILE holds no usable signing key");
    }
    return keys;
  }

}
