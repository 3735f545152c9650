package io.chartline.devtools;

import io.chartline.launcher.Args;
import io.chartline.launcher.Settings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The dev tools executable ({@code chartline-dev.jar}, what {@code bin/chartline} runs): {@code demo}
 * runs everything on local services; {@code run --dev} serves roles on them; {@code token} prints a
 * dev JWT; {@code bench} runs benchmarks. {@code run} without {@code --dev} and {@code migrate} are
 * the production jar's and are handed to it unchanged.
 */
public final class DevMain {

  private DevMain() {
  }

  public static void main(String[] argv) {
    String command = argv.length > 0 && !argv[0].startsWith("--") ? argv[0] : "run";
    String[] rest = argv.length > 0 && !argv[0].startsWith("--") ? Arrays.copyOfRange(argv, 1, argv.length) : argv;
    if (("run".equals(command) && !Arrays.asList(rest).contains("--dev")) || "migrate".equals(command)) {
      io.chartline.launcher.Main.main(argv);
      return;
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    int code;
    try {
      code = switch (command) {
        case "run" -> runDev(new Args(rest, Set.of("dev")));
        case "demo" -> DemoCommand.run(new Args(rest, Set.of("no-serve", "bedrock")));
        case "token" -> TokenCommand.run(new Args(rest, Set.of()));
        case "bench" -> BenchCommand.run(new Args(rest, Set.of()));
        default -> {
          System.err.println("unknown command: " + command + " (expected demo, run --dev, token, bench, run, migrate)");
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      System.err.println("chartline: " + e.getMessage());
      code = 2;
    } catch (Exception e) {
      System.err.println("chartline: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      code = 1;
    }
    if (code >= 0) {
      System.exit(code);
    }
  }

  private static int runDev(Args args) throws Exception {
    Settings settings = Settings.fromEnvironment();
    String roles = args.get("roles", settings.str("CHARTLINE_ROLES", "all"));
    DevRun.start(Path.of(args.get("home", ".chartline")), settings, roles).awaitShutdown();
    return 0;
  }
}
