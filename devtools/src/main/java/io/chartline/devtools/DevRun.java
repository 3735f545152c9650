package io.chartline.devtools;

import io.chartline.devstack.DevStack;
import io.chartline.devstack.DevStackOptions;
import io.chartline.devstack.bedrock.LocalBedrock;
import io.chartline.devstack.bedrock.LocalBedrockOptions;
import io.chartline.jwt.DevKeys;
import io.chartline.jwt.KeySource;
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
  record Running(DevStack stack, Node node, DevKeys keys, AppConfig config, Path home, CountDownLatch stopped) {
    void awaitShutdown() throws InterruptedException {
      stopped.await(); // blocking-ok: main thread parks until Ctrl-C
    }

    void stop() {
      DevEnvFile.remove(home);
      Await.quietly(node.close());
      stack.close();
      stopped.countDown();
    }
  }

  static Running start(Path home, Settings env, String roles) throws Exception {
    return start(home, env, roles, false);
  }

  /**
   * @param bedrock also start LocalBedrock with real vectors (the ONNX model, projected) and embed
   *     through it with {@code CHARTLINE_EMBEDDER=bedrock} at 1024 dimensions, in a database of its own,
   *     and answer with its Claude endpoint ({@code CHARTLINE_GENERATOR=bedrock})
   */
  static Running start(Path home, Settings env, String roles, boolean bedrock) throws Exception {
    Files.createDirectories(home);
    LOG.info("starting local services [state: {}, bedrock: {}]", home.toAbsolutePath(), bedrock);
    OnnxTextVectors vectors = bedrock ? OnnxTextVectors.load() : null;
    DevStackOptions options = DevStackOptions.dev(home.resolve("stack"));
    DevStack stack = DevStack.start(vectors == null ? options
        : options.withBedrock(LocalBedrockOptions.defaults().withVectors(vectors)));
    if (vectors != null) {
      LocalBedrock local = stack.bedrock();
      env = env.withDefaults(Map.of("CHARTLINE_EMBEDDER", "bedrock", "CHARTLINE_GENERATOR", "bedrock",
          "CHARTLINE_EMBEDDING_DIMENSION", "1024",
          "CHARTLINE_BEDROCK_ENDPOINT", local.endpoint().toString(), "CHARTLINE_BEDROCK_REGION", local.region(),
          "CHARTLINE_BEDROCK_ACCESS_KEY", local.accessKey(), "CHARTLINE_BEDROCK_SECRET_KEY", local.secretKey()));
    }
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
      Settings settings = DevEnvironment.prepare(stack, bedrock ? "chartline_bedrock" : "chartline", base);
      AppConfig config = AppConfig.from(settings, Role.parse(roles));
      Node node = Await.join(Node.start(config, KeySource.Factory.fixed(keys.keySet()), Clock.systemUTC()));
      Running running = new Running(stack, node, keys, config, home, new CountDownLatch(1));
      Path envFile = DevEnvFile.write(home, DevEnvFile.exports(settings, config, node.apiPort()));
      LOG.info("dev stack exports written [file: {}]: eval \"$(bin/chartline env)\" points the AWS CLI, kcat "
          + "and psql at it", envFile);
      // the node closes before the services it talks to are stopped
      stack.stopOnShutdownAfter(() -> {
        DevEnvFile.remove(home);
        Await.quietly(node.close());
        if (vectors != null) {
          vectors.close();
        }
        running.stopped().countDown();
      });
      return running;
    } catch (Exception e) {
      stack.close();
      if (vectors != null) {
        vectors.close();
      }
      throw e;
    }
  }
}
