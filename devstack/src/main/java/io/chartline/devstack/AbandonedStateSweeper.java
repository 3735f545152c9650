package io.chartline.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes throw-away test state directories ({@code chartline-devstack-*} in the temp dir) whose
 * JVM died without cleaning up, e.g. after {@code kill -9}. A directory is abandoned when nobody
 * holds its lock and it is older than a few minutes (so a stack still starting is left alone).
 */
final class AbandonedStateSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(AbandonedStateSweeper.class);
  private static final Duration MIN_AGE = Duration.ofMinutes(5);

  private AbandonedStateSweeper() {
  }

  /** Sweeps the siblings of {@code stateDir} that carry the test prefix. Never throws. */
  static void sweepSiblingsOf(Path stateDir) {
    Path parent = stateDir.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, DevStackOptions.TEST_DIR_PREFIX + "*")) {
      for (Path dir : dirs) {
        if (!dir.equals(stateDir) && isAbandoned(dir)) {
          LOG.info("deleting abandoned test state [dir: {}]", dir);
          StateLayout.deleteTree(dir);
        }
      }
    } catch (IOException e) {
      LOG.debug("sweeping abandoned test state failed [dir: {}]", parent, e);
    }
  }

  private static boolean isAbandoned(Path dir) throws IOException {
    Path lockFile = dir.resolve(StateLayout.LOCK_FILE);
    if (!Files.isRegularFile(lockFile)) {
      return false;
    }
    Instant modified = Files.getLastModifiedTime(dir).toInstant();
    if (modified.isAfter(Instant.now().minus(MIN_AGE))) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false;
    }
  }
}
