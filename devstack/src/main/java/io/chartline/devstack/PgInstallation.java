package io.chartline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where the PostgreSQL server binaries are: {@code $CHARTLINE_PG_BINDIR} when set, else the newest
 * {@code /usr/lib/postgresql/<major>/bin} (Debian/Ubuntu layout), else {@code pg_config --bindir}
 * from the PATH.
 */
record PgInstallation(Path binDir) {

  static final String BINDIR_VARIABLE = "CHARTLINE_PG_BINDIR";
  private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  /**
   * Finds the binaries and checks that pgvector is installed for them.
   *
   * @throws IOException naming what is missing and how to install it
   */
  static PgInstallation locate() throws IOException {
    Optional<Path> dir = Optional.ofNullable(System.getenv(BINDIR_VARIABLE)).filter(s -> !s.isBlank()).map(Path::of)
        .or(() -> newestUnder(DEBIAN_ROOT))
        .or(PgInstallation::fromPgConfig);
    if (dir.isEmpty() || !Files.isExecutable(dir.get().resolve("postgres"))) {
      throw new IOException("PostgreSQL server binaries not found (looked at $" + BINDIR_VARIABLE + ", "
          + DEBIAN_ROOT + "/*/bin and pg_config on the PATH): run bin/chartline setup");
    }
    PgInstallation installation = new PgInstallation(dir.get());
    installation.checkPgvector();
    return installation;
  }

  Path tool(String name) {
    return binDir.resolve(name);
  }

  /** The newest {@code <root>/<major>/bin} holding a {@code postgres} binary. */
  static Optional<Path> newestUnder(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    Path best = null;
    int bestMajor = -1;
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
      for (Path version : versions) {
        String name = version.getFileName().toString();
        if (name.matches("\\d+") && Files.isExecutable(version.resolve("bin/postgres"))
            && Integer.parseInt(name) > bestMajor) {
          bestMajor = Integer.parseInt(name);
          best = version.resolve("bin");
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(best);
  }

  private static Optional<Path> fromPgConfig() {
    return output("pg_config", "--bindir").map(Path::of);
  }

  private void checkPgvector() throws IOException {
    Optional<String> shareDir = output(tool("pg_config").toString(), "--sharedir");
    if (shareDir.isPresent() && !Files.exists(Path.of(shareDir.get(), "extension", "vector.control"))) {
      throw new IOException("pgvector is not installed for the PostgreSQL in " + binDir
          + " (no extension/vector.control in " + shareDir.get() + "): run bin/chartline setup");
    }
  }

  private static Optional<String> output(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      boolean ok = process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
      return ok && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
