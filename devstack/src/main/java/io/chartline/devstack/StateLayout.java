package io.chartline.devstack;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory of one stack, held under an exclusive file lock ({@code devstack.lock}) for
 * the stack's lifetime: two stacks never share data, and whoever holds the lock knows that any
 * server still running on that data was orphaned by a dead JVM.
 *
 * <p>Layout: {@code logs/<service>.log}, {@code run/} (recreated on each start), and one directory
 * per service ({@code postgres/}, {@code kafka/}, {@code s3/}, {@code sqs/}).
 */
final class StateLayout implements Closeable {

  static final String LOCK_FILE = "devstack.lock";
  private static final Logger LOG = LoggerFactory.getLogger(StateLayout.class);

  private final Path root;
  private final boolean persistent;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateLayout(Path root, boolean persistent, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.persistent = persistent;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates the directory if needed and locks it.
   *
   * @throws IOException when it cannot be created or another stack holds it
   */
  static StateLayout open(Path root, boolean persistent) throws IOException {
    Files.createDirectories(root);
    FileChannel channel =
        FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("state directory " + root + " is in use by another DevStack; stop it first");
    }
    StateLayout layout = new StateLayout(root, persistent, channel, lock);
    deleteTree(layout.run());
    Files.createDirectories(layout.run());
    Files.createDirectories(layout.logs());
    return layout;
  }

  Path root() {
    return root;
  }

  boolean persistent() {
    return persistent;
  }

  Path logs() {
    return root.resolve("logs");
  }

  Path run() {
    return root.resolve("run");
  }

  /** The directory of one service, created if missing. */
  Path serviceDir(String service) throws IOException {
    return Files.createDirectories(root.resolve(service));
  }

  /** Releases the lock; a non-persistent directory is deleted. Never throws. */
  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.debug("releasing lock failed [dir: {}]", root, e);
    }
    if (!persistent) {
      deleteTree(root);
    }
  }

  /** Deletes a directory tree as far as possible; failures are logged, not thrown. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          LOG.debug("cannot delete [path: {}]", path, e);
        }
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.warn("cannot delete state directory [dir: {}]: {}", dir, e.toString());
    }
  }
}
