package io.chartline.devstack;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts services on one thread each and waits for all. When one fails, the others are
 * interrupted (a starting service stops its own process when interrupted), the ones that did start
 * are stopped, and a single exception lists every failure.
 */
final class ParallelStart {

  /** Starts one service; must stop whatever it started before throwing. */
  @FunctionalInterface
  interface Starter {
    LocalService start() throws IOException;
  }

  private ParallelStart() {
  }

  /**
   * @return the started services by name, in the order given
   * @throws IOException when any service failed to start; nothing is left running
   */
  static Map<String, LocalService> run(Map<String, Starter> starters) throws IOException {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, starters.size()), task -> {
      Thread thread = new Thread(task, "devstack-start-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    Map<String, Future<LocalService>> futures = new LinkedHashMap<>();
    starters.forEach((name, starter) -> futures.put(name, pool.submit(starter::start)));
    pool.shutdown();
    Map<String, Throwable> failures = new LinkedHashMap<>();
    boolean interrupted = false;
    Map<String, LocalService> started = new LinkedHashMap<>();
    for (Map.Entry<String, Future<LocalService>> entry : futures.entrySet()) {
      try {
        started.put(entry.getKey(), entry.getValue().get());
      } catch (ExecutionException e) {
        failures.put(entry.getKey(), e.getCause());
        pool.shutdownNow();
      } catch (InterruptedException e) {
        interrupted = true;
        pool.shutdownNow();
        awaitQuietly(pool);
        collectDone(futures, started);
        break;
      }
    }
    if (failures.isEmpty() && !interrupted) {
      return started;
    }
    started.values().forEach(LocalService::stop);
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while starting " + starters.keySet());
    }
    throw new IOException("devstack could not start " + describe(failures));
  }

  /** The real failures; services interrupted because another one failed are not worth reporting. */
  private static String describe(Map<String, Throwable> failures) {
    List<String> causes = new ArrayList<>();
    failures.forEach((name, cause) -> {
      if (!(cause instanceof InterruptedIOException)) {
        causes.add(name + ": " + cause.getMessage());
      }
    });
    if (causes.isEmpty()) {
      failures.forEach((name, cause) -> causes.add(name + ": " + cause));
    }
    return String.join("\n", causes);
  }

  private static void collectDone(Map<String, Future<LocalService>> futures, Map<String, LocalService> started) {
    futures.forEach((name, future) -> {
      if (future.isDone() && !future.isCancelled()) {
        try {
          started.putIfAbsent(name, future.get());
        } catch (ExecutionException | InterruptedException e) {
          // failed or interrupted: it stopped its own process
        }
      }
    });
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(LocalService.STOP_GRACE.toSeconds() * 2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      // already on the way out
    }
  }
}
