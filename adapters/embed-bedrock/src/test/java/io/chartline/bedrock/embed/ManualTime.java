package io.chartline.bedrock.embed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/** A clock and timers that move only when a test says so; tasks run in the test's thread, in due order. */
final class ManualTime extends Clock implements Timers {

  private record Task(Instant due, long seq, Runnable run) {
  }

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> {
    int c = a.due.compareTo(b.due);
    return c != 0 ? c : Long.compare(a.seq, b.seq);
  });
  private Instant now = Instant.parse("2025-01-01T00:00:00Z");
  private long seq;

  @Override
  public void schedule(Duration delay, Runnable task) {
    tasks.add(new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task));
  }

  /** Moves time forward by {@code d}, running every task that falls due on the way. */
  void advance(Duration d) {
    Instant target = now.plus(d);
    while (!tasks.isEmpty() && !tasks.peek().due.isAfter(target)) {
      Task t = tasks.poll();
      now = t.due.isAfter(now) ? t.due : now;
      t.run.run();
    }
    now = target;
  }

  /** Runs tasks in due order until {@code done} holds; false when it does not within {@code limit} of time. */
  boolean runUntil(BooleanSupplier done, Duration limit) {
    Instant deadline = now.plus(limit);
    while (!done.getAsBoolean()) {
      Task next = tasks.peek();
      if (next == null || next.due.isAfter(deadline)) {
        return false;
      }
      tasks.poll();
      now = next.due.isAfter(now) ? next.due : now;
      next.run.run();
    }
    return true;
  }

  /** @return time elapsed since {@code start}. */
  Duration since(Instant start) {
    return Duration.between(start, now);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
