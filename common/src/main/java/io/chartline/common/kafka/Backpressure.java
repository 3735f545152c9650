package io.chartline.common.kafka;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What a stage's downstream says about taking more work. While {@link #saturated()} holds, the
 * {@link PipelineConsumer} pauses every partition it owns instead of queueing records in memory,
 * and resumes them when {@link #capacity()} completes.
 */
public interface Backpressure {

  /** @return true while new records should wait */
  boolean saturated();

  /** @return a future completing once {@link #saturated()} no longer holds; it never fails */
  Future<Void> capacity();

  /** Never saturated: the stage's own per-partition window is its only bound. */
  static Backpressure none() {
    return of(() -> false, Future::succeededFuture);
  }

  /** @return backpressure read from two functions, e.g. an embedder's {@code saturated} and {@code capacity} */
  static Backpressure of(BooleanSupplier saturated, Supplier<Future<Void>> capacity) {
    Objects.requireNonNull(saturated, "saturated");
    Objects.requireNonNull(capacity, "capacity");
    return new Backpressure() {
      @Override
      public boolean saturated() {
        return saturated.getAsBoolean();
      }

      @Override
      public Future<Void> capacity() {
        return capacity.get(); // blocking-ok: a Supplier of a future, not a wait
      }
    };
  }
}
