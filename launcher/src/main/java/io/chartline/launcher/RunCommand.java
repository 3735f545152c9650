package io.chartline.launcher;

import java.time.Clock;
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
    Node node = Await.join(Node.start(config, new Adapters(config).keySource(), Clock.systemUTC()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Await.quietly(node.close()), "chartline-shutdown"));
    new CountDownLatch(1).await(); // blocking-ok: main thread parks while the node serves
    return 0;
  }


}
