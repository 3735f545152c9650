package io.chartline.bedrock.embed;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Moves an open circuit to half-open after its wait, with a timer rather than on the next call,
 * because a consumer that paused for the open circuit makes no next call; and tells waiters when
 * the circuit is no longer open.
 */
final class TitanBreakerWatch {

  private final CircuitBreaker breaker;
  private final List<CompletableFuture<Void>> waiters = new ArrayList<>();

  TitanBreakerWatch(CircuitBreaker breaker, Duration openFor, Timers timers) {
    this.breaker = breaker;
    breaker.getEventPublisher().onStateTransition(event -> {
      CircuitBreaker.State to = event.getStateTransition().getToState();
      if (to == CircuitBreaker.State.OPEN) {
        timers.schedule(openFor, () -> {
          if (breaker.getState() == CircuitBreaker.State.OPEN) {
            breaker.transitionToHalfOpenState();
          }
        });
      } else {
        release();
      }
    });
  }

  /** @return a future completing once the circuit is not open (at once when it is not). */
  CompletableFuture<Void> whenNotOpen() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    synchronized (this) {
      waiters.add(f);
    }
    if (breaker.getState() != CircuitBreaker.State.OPEN) {
      release(); // checked after registering, so a transition in between is not missed
    }
    return f;
  }

  private void release() {
    List<CompletableFuture<Void>> ready;
    synchronized (this) {
      ready = List.copyOf(waiters);
      waiters.clear();
    }
    ready.forEach(f -> f.complete(null));
  }
}
