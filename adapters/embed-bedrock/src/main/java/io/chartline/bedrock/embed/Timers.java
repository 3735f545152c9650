package io.chartline.bedrock.embed;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs a task after a delay, never blocking the caller. Production uses Vert.x timers; tests
 * drive a manual clock.
 */
@FunctionalInterface
public interface Timers {

  /** Runs {@code task} once, {@code delay} from now (at once for zero or negative delays, yet never on the caller's stack). */
  void schedule(Duration delay, Runnable task);

  /** @return timers on {@code vertx}: tasks run on a Vert.x event loop. */
  static Timers on(Vertx vertx) {
    Objects.requireNonNull(vertx, "vertx");
    // rounded up: a timer that fires early finds the bucket still short and has to be armed again
    return (delay, task) -> vertx.setTimer(Math.max(1, (delay.toNanos() + 999_999) / 1_000_000), id -> task.run());
  }
}
