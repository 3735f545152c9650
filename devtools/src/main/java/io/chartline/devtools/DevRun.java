package io.chartline.devtools;

import io.chartline.common.auth.DevKeys;
import io.chartline.devstack.DevStack;
import io.chartline.devstack.DevStackOptions;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Await;
import io.chartline.launcher.Node;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --dev [--roles ...] [--home DIR]}: roles on local services started as child processes
 * with state under {@code DIR}; the dev key set verifies tokens. Used by {@code demo} as well.
 */
final class DevRun {

  private static final Logger LOG = LoggerFactory.getLogger(DevRun.class);

  private DevRun() {
  }

  /** A dev node on its local services, stopped together by a shutdown hook. */
  record Running(DevStack stack, Node node, DevKeys keys, CountDownLatch stopped) {
    void awaitShutdown() throws InterruptedException {
      stopped.await(); // blocking-ok: main thread parks until Ctrl-C
    }

    void stop() {
      Await.quietly(node.close());
      stack.close();
      stopped.countDown();
    }
  }

  static Running start(Path home, Settings env, String roles) throws Exception {
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
      Node node = Await.join(Node.start(config, keys.keySet(), Clock.systemUTC()));
      Running running = new Running(stack, node, keys, new CountDownLatch(1));
      // the node closes before the services it talks to are stopped
      stack.stopOnShutdownAfter(() -> {
        Await.quietly(node.close());
        running.stopped().countDown();
      });
      return running;
    } catch (Exception e) {
      stack.close();
      throw e;
    }
  }
}
