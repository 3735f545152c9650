package io.chartline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data directory of the local PostgreSQL server: initialised on first use (superuser
 * {@code postgres} with a generated password over TCP, trust on the local socket), reused as it is
 * afterwards. The password is kept beside it in {@code postgres-superuser.password} (mode 0600).
 */
final class PostgresCluster {

  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);

  private final PgInstallation installation;
  private final PostgresAccount account;
  private final ProcessLauncher launcher;
  private final StateLayout layout;
  private final OrphanedPostmaster orphans;

  PostgresCluster(PgInstallation installation, PostgresAccount account, ProcessLauncher launcher, StateLayout layout) {
    this.installation = installation;
    this.account = account;
    this.launcher = launcher;
    this.layout = layout;
    this.orphans = new OrphanedPostmaster(dataDir());
  }

  Path dataDir() {
    return layout.root().resolve("postgres");
  }

  private Path passwordFile() {
    return layout.root().resolve("postgres-superuser.password");
  }

  /**
   * Makes the data directory ready for a server start and returns the superuser password.
   *
   * @throws IOException when initdb fails, an orphaned server cannot be stopped, or the directory
   *                     holds something that is not a PostgreSQL cluster
   */
  String prepare() throws IOException {
    account.ownPrivateDir(dataDir());
    account.checkCanReach(dataDir(), launcher);
    if (Files.exists(dataDir().resolve("PG_VERSION"))) {
      orphans.stopIfRunning();
      if (!Files.isRegularFile(passwordFile())) {
        throw new IOException("PostgreSQL data in " + dataDir() + " has no " + passwordFile().getFileName()
            + " beside it: delete the state directory to start afresh");
      }
      return Files.readString(passwordFile(), StandardCharsets.UTF_8).trim();
    }
    try (Stream<Path> entries = Files.list(dataDir())) {
      if (entries.findAny().isPresent()) {
        throw new IOException(dataDir() + " is not empty but holds no PostgreSQL cluster: delete it");
      }
    }
    String password = HexFormat.of().formatHex(randomBytes());
    initdb(password);
    Files.writeString(passwordFile(), password, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(passwordFile(), PosixFilePermissions.fromString("rw-------"));
    return password;
  }

  private void initdb(String password) throws IOException {
    Path pwfile = layout.run().resolve("postgres-initdb.pw");
    Files.writeString(pwfile, password, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
    account.own(pwfile);
    List<String> command = new ArrayList<>(List.of(installation.tool("initdb").toString(),
        "-D", dataDir().toString(), "-U", "postgres", "--pwfile=" + pwfile,
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C",
        "--no-instructions"));
    if (!layout.persistent()) {
      command.add("--no-sync");
    }
    try {
      launcher.run("postgres", CommandLine.of(account.wrap(command)), "", INITDB_TIMEOUT);
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
