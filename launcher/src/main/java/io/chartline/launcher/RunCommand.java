package io.chartline.launcher;

import io.chartline.common.auth.DevKeys;
import io.chartline.common.auth.JwksKeySource;
import io.chartline.common.auth.KeySet;
import io.chartline.common.auth.KeySource;
import io.chartline.devstack.DevStack;
import io.chartline.devstack.DevStackOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run [--roles api,ingest,embed,query,audit] [--dev --home DIR]}: deploys roles and serves
 * until the process is stopped. With {@code --dev}, local services are started as child processes
 * with state under {@code DIR} and the dev key set verifies tokens.
 */
final class RunCommand {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private RunCommand() {
  }

  static int run(Args args) throws Exception {
    Settings settings = Settings.fromEnvironment();
    String roles = args.get("roles", settings.str("CHARTLINE_ROLES", "all"));
    if (args.flag("dev")) {
      Running r = startDev(Path.of(args.get("home", ".chartline")), settings, roles);
      r.awaitShutdown();
      return 0;
    }
    AppConfig config = AppConfig.from(settings, Role.parse(roles));
    Node node = join(Node.start(config, keySource(config), Clock.systemUTC()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitQuietly(node.close()), "chartline-shutdown"));
    new CountDownLatch(1).await(); // blocking-ok: main thread parks while the node serves
    return 0;
  }

  /** A dev node on its local services, stopped together by a shutdown hook. */
  record Running(DevStack stack, Node node, DevKeys keys, CountDownLatch stopped) {
    void awaitShutdown() throws InterruptedException {
      stopped.await(); // blocking-ok: main thread parks until Ctrl-C
    }

    void stop() {
      awaitQuietly(node.close());
      stack.close();
      stopped.countDown();
    }
  }

  static Running startDev(Path home, Settings env, String roles) throws Exception {
    Files.createDirectories(home);
    LOG.info("starting local services [state: {}]", home.toAbsolutePath());
    DevStack stack = DevStack.start(DevStackOptions.dev(home.resolve("stack")));
    try {
      DevKeys keys = DevKeys.loadOrCreate(TokenCommand.devKeyFile(home));
      Settings base = env.withDefaults(Map.of(
          "CHARTLINE_AUTH_ISSUER", DevKeys.ISSUER,
          "CHARTLINE_AUTH_AUDIENCE", DevKeys.AUDIENCE,
          "CHARTLINE_HTTP_HOST", "127.0.0.1",
          "CHARTLINE_WORK_DIR", home.resolve("work").toString(),
          "CHARTLINE_CRYPTO_MASTER_KEY_FILE", home.resolve("keys/master.key").toString(),
          "CHARTLINE_RECORD_KEY_FILE", home.resolve("keys/records.key").toString()));
      Files.createDirectories(home.resolve("work"));
      Settings settings = DevEnvironment.prepare(stack, "chartline", base);
      AppConfig config = AppConfig.from(settings, Role.parse(roles));
      Node node = join(Node.start(config, keys.keySet(), Clock.systemUTC()));
      Running running = new Running(stack, node, keys, new CountDownLatch(1));
      // the node closes before the services it talks to are stopped
      stack.stopOnShutdownAfter(() -> {
        awaitQuietly(node.close());
        running.stopped().countDown();
      });
      return running;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }

  /**
   * Token keys outside dev mode: the JWKS file when {@code CHARTLINE_AUTH_JWKS_FILE} is set, else the
   * issuer's JWKS ({@code CHARTLINE_AUTH_JWKS_URL} or OIDC discovery), cached and refreshed.
   */
  static KeySource.Factory keySource(AppConfig config) throws Exception {
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

  static <T> T join(io.vertx.core.Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES); // blocking-ok: main thread
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  static void awaitQuietly(io.vertx.core.Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS); // blocking-ok: shutdown thread
    } catch (Exception e) {
      LOG.warn("shutdown incomplete [error: {}]", e.toString());
    }
  }
}
