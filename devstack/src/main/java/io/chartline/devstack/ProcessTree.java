package io.chartline.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A process and its descendants as seen at one moment, so that they can be awaited or killed. */
final class ProcessTree {

  private static final Duration AFTER_KILL = Duration.ofSeconds(5);

  private final List<ProcessHandle> processes;

  private ProcessTree(List<ProcessHandle> processes) {
    this.processes = processes;
  }

  /** The descendants of {@code root} (deepest first is not guaranteed) followed by {@code root}. */
  static ProcessTree of(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>();
    root.descendants().forEach(all::add);
    all.add(root);
    return new ProcessTree(all);
  }

  /**
   * Waits until every process has exited or {@code grace} has passed, then kills the survivors.
   *
   * @return true when all exited on their own
   */
  boolean awaitOrKill(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    boolean clean = true;
    for (ProcessHandle handle : processes) {
      if (!awaitExit(handle, deadline)) {
        clean = false;
      }
    }
    if (!clean) {
      processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      long killDeadline = System.nanoTime() + AFTER_KILL.toNanos();
      processes.forEach(handle -> awaitExit(handle, killDeadline));
    }
    return clean;
  }

  boolean anyAlive() {
    return processes.stream().anyMatch(ProcessHandle::isAlive);
  }

  private static boolean awaitExit(ProcessHandle handle, long deadlineNanos) {
    try {
      long waitNanos = Math.max(0, deadlineNanos - System.nanoTime());
      handle.onExit().get(waitNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    }
  }
}
