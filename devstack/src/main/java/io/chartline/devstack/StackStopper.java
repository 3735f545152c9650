package io.chartline.devstack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a stack's services in parallel and then releases its state directory, once, whichever of
 * {@link DevStack#close()}, the shutdown hook or a failed start gets there first. A second caller
 * waits until the first has finished.
 */
final class StackStopper {

  private static final Logger LOG = LoggerFactory.getLogger(StackStopper.class);

  private final StateLayout layout;
  private final List<LocalService> services = new ArrayList<>();
  private boolean stopped;

  StackStopper(StateLayout layout) {
    this.layout = layout;
  }

  synchronized void track(Collection<LocalService> started) {
    services.addAll(started);
  }

  /** Stops everything tracked; idempotent, never throws. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    List<Thread> threads = new ArrayList<>();
    for (LocalService service : services) {
      Thread thread = new Thread(service::stop, "devstack-stop-" + service.name());
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      joinQuietly(thread);
    }
    layout.close();
    if (!services.isEmpty()) {
      LOG.info("devstack stopped [dir: {}]", layout.root());
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(); // blocking-ok: shutdown thread waits for service stops
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
