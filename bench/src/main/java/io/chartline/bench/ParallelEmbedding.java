package io.chartline.bench;

import io.chartline.onnx.OnnxEmbedder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The embedding model alone: calls spread over a fixed number of threads, timed as a whole. */
final class ParallelEmbedding {

  /** The vectors of every text, in call order, the wall time it took and the threads' CPU time. */
  record Result(float[][] vectors, double seconds, double cpuSeconds) {
  }

  private ParallelEmbedding() {
  }

  /** Embeds each call's texts with {@code threads} threads pulling calls from a shared queue. Blocking. */
  static Result run(OnnxEmbedder embedder, int threads, List<List<String>> calls) throws Exception {
    int[] offsets = new int[calls.size() + 1];
    for (int i = 0; i < calls.size(); i++) {
      offsets[i + 1] = offsets[i] + calls.get(i).size();
    }
    float[][] out = new float[offsets[calls.size()]][];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    LongAdder cpuNanos = new LongAdder();
    ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          long cpu0 = threadBean.getCurrentThreadCpuTime();
          for (int i = next.getAndIncrement(); i < calls.size(); i = next.getAndIncrement()) {
            float[][] v = embedder.embedBlocking(calls.get(i));
            System.arraycopy(v, 0, out, offsets[i], v.length);
          }
          cpuNanos.add(threadBean.getCurrentThreadCpuTime() - cpu0);
          return null;
        }));
      }
      for (Future<?> w : workers) {
        w.get(); // blocking-ok: benchmark main thread
      }
    } finally {
      pool.shutdown();
    }
    return new Result(out, (System.nanoTime() - t0) / 1e9, cpuNanos.sum() / 1e9);
  }

  /** Splits {@code texts} into calls of at most {@code size} texts. */
  static List<List<String>> calls(List<String> texts, int size) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i += size) {
      out.add(texts.subList(i, Math.min(texts.size(), i + size)));
    }
    return out;
  }
}
