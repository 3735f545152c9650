package io.chartline.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * The OS account the PostgreSQL server runs as. PostgreSQL refuses to run as root, so when this JVM
 * is root the server and {@code initdb} run as the {@code postgres} user (through {@code runuser})
 * and own the data directory; otherwise they run as the current user.
 */
final class PostgresAccount {

  static final String OS_USER = "postgres";

  private final boolean root;

  private PostgresAccount(boolean root) {
    this.root = root;
  }

  static PostgresAccount detect() {
    String user = ProcessHandle.current().info().user().orElse(System.getProperty("user.name", ""));
    return new PostgresAccount("root".equals(user));
  }

  boolean switchesUser() {
    return root;
  }

  /** {@code command} as run by the server's account. */
  List<String> wrap(List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Creates {@code dir} if needed and makes it private to the server's account (mode 0700). */
  void ownPrivateDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    own(dir);
  }

  /** Hands {@code path} to the server's account when running as root; a no-op otherwise. */
  void own(Path path) throws IOException {
    if (!root) {
      return;
    }
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal user = lookup.lookupPrincipalByName(OS_USER);
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(user);
    view.setGroup(group);
  }

  /**
   * Fails with a clear message when the server's account cannot reach {@code dir}, e.g. a state
   * directory under a home directory of mode 0700.
   */
  void checkCanReach(Path dir, ProcessLauncher launcher) throws IOException {
    if (!root) {
      return;
    }
    try {
      launcher.run("postgres", CommandLine.of(wrap(List.of("test", "-w", dir.toString()))), "", StartupWait.TIMEOUT);
    } catch (IOException e) {
      throw new IOException("the '" + OS_USER + "' OS user cannot write " + dir
          + " (PostgreSQL refuses to run as root): make its parent directories traversable (chmod o+x)"
          + " or choose a state directory elsewhere", e);
    }
  }
}
