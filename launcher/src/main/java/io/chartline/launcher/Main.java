package io.chartline.launcher;

import java.util.Arrays;
import java.util.Set;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The production executable. {@code run} (default) deploys roles against configured services;
 * {@code migrate} brings the database schema up to date as the schema owner. The dev tools
 * (local services, demo, dev tokens, benchmarks) are a separate jar, {@code chartline-dev.jar},
 * which this one does not contain.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] argv) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    String command = argv.length > 0 && !argv[0].startsWith("--") ? argv[0] : "run";
    String[] rest = argv.length > 0 && !argv[0].startsWith("--") ? Arrays.copyOfRange(argv, 1, argv.length) : argv;
    int code;
    try {
      code = switch (command) {
        case "run" -> RunCommand.run(new Args(rest, Set.of("dev")));
        case "migrate" -> MigrateCommand.run(new Args(rest, Set.of()));
        case "demo", "token", "bench" -> {
          System.err.println(command + " is a dev tool, not part of this jar: use bin/chartline " + command
              + " (or java -jar chartline-dev.jar " + command + ")");
          yield 2;
        }
        default -> {
          System.err.println("unknown command: " + command + " (expected run or migrate)");
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
}
