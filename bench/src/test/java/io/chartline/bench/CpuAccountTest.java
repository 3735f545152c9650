package io.chartline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuAccountTest {

  /** Spins on the calling thread for about {@code millis} of CPU time. */
  private static long burn(long millis) {
    // the thread's own CPU clock: on a busy machine wall time passes without the thread running
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
    long x = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      x += Long.numberOfTrailingZeros(x + System.nanoTime());
    }
    return x;
  }

  @Test
  void partsAddUpAndExitedChildrenAreCounted() throws Exception {
    CpuAccount before = CpuAccount.snapshot();
    burn(100);
    Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done").start();
    assertEquals(0, child.waitFor());
    Map<String, Double> cpu = CpuAccount.snapshot().since(before);

    double total = cpu.get("total");
    double parts = cpu.entrySet().stream()
        .filter(e -> !Map.of("total", 0, "wall_s", 0, "gc_s", 0, "jit_s", 0).containsKey(e.getKey()))
        .mapToDouble(Map.Entry::getValue).sum();
    assertEquals(total, parts, 1e-6, "the parts add up to the total");
    assertTrue(cpu.get("wall_s") > 0);
    assertTrue(cpu.getOrDefault("exited child processes (e.g. wrk)", 0.0) > 0,
        "a child that exited and was waited for is counted: " + cpu);
    assertTrue(total >= cpu.getOrDefault("exited child processes (e.g. wrk)", 0.0));
  }

  @Test
  void liveThreadsAreGroupedByRole() throws Exception {
    CountDownLatch burned = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Runnable work = () -> {
      burn(200);
      burned.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    CpuAccount before = CpuAccount.snapshot();
    Thread inference = new Thread(work, "chartline-inference-test");
    Thread loop = new Thread(work, "vert.x-eventloop-thread-test");
    inference.start();
    loop.start();
    burned.await();
    Map<String, Double> cpu = CpuAccount.snapshot().since(before);
    release.countDown();
    inference.join();
    loop.join();

    assertTrue(cpu.getOrDefault("node: inference", 0.0) >= 0.15, "inference thread attributed: " + cpu);
    assertTrue(cpu.getOrDefault("node: event loops", 0.0) >= 0.15, "event loop attributed: " + cpu);
  }
}
