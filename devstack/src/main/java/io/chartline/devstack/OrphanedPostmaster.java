package io.chartline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a dead JVM may have left in a data directory: a postmaster still running on it (its
 * watcher killed with the JVM's whole process group, say) or a stale {@code postmaster.pid} whose
 * PID now belongs to another program. Only called while holding the state directory's lock, so a
 * server found running on this data directory has no live owner.
 */
final class OrphanedPostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
  private static final long GRACE_SECONDS = 10;

  private final Path dataDir;

  OrphanedPostmaster(Path dataDir) {
    this.dataDir = dataDir;
  }

  /**
   * Stops an orphaned postmaster (fast shutdown, then kill after {@value #GRACE_SECONDS} s) and
   * removes the lock file.
   *
   * @throws IOException when the orphan survives even being killed
   */
  void stopIfRunning() throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    Optional<ProcessHandle> postmaster = parsePid(lines).flatMap(ProcessHandle::of)
        .filter(handle -> isPostmasterFor(handle, lines));
    if (postmaster.isPresent()) {
      ProcessHandle handle = postmaster.get(); // blocking-ok: Optional.get
      LOG.warn("stopping orphaned postgres [pid: {}, data: {}]", handle.pid(), dataDir);
      ProcessTree tree = ProcessTree.of(handle);
      sendSigint(handle.pid());
      tree.awaitOrKill(Duration.ofSeconds(GRACE_SECONDS));
      if (tree.anyAlive()) {
        throw new IOException("an orphaned postgres (pid " + handle.pid() + ") still runs on " + dataDir);
      }
    }
    Files.deleteIfExists(pidFile);
  }

  private static Optional<Long> parsePid(List<String> lines) {
    try {
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private boolean isPostmasterFor(ProcessHandle handle, List<String> lines) {
    boolean isPostgres = handle.info().command().map(c -> c.endsWith("/postgres") || c.equals("postgres"))
        .orElse(false);
    return isPostgres && lines.size() > 1 && sameFile(Path.of(lines.get(1).trim()), dataDir);
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static void sendSigint(long pid) throws IOException {
    // SIGINT is PostgreSQL's fast shutdown; ProcessHandle can only send SIGTERM or SIGKILL.
    Process kill = new ProcessBuilder("sh", "-c", "kill -INT \"$1\"", "sh", Long.toString(pid))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
