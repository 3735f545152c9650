package io.chartline.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where CPU time goes during a measured phase: this JVM's threads grouped by role (inference,
 * event loops, Kafka clients, parsing, crypto, the benchmark's own clients, and the JVM's own
 * work — GC, JIT — as the remainder), and the local services this process started (PostgreSQL,
 * the Kafka broker, the S3 server). Processes and threads that exit between two snapshots are
 * not counted, so the parts are lower bounds; the JVM remainder absorbs this process's exited
 * threads.
 */
final class CpuAccount {

  private final Map<String, Long> threadNanos;
  private final Map<Long, Long> processNanos;
  private final Map<Long, String> processParts;
  private final long ownNanos;
  private final long wallNanos;
  private final long gcMillis;
  private final long jitMillis;
  private final long reapedChildrenNanos;

  private CpuAccount(Map<String, Long> threadNanos, Map<Long, Long> processNanos, Map<Long, String> processParts,
      long ownNanos, long wallNanos, long gcMillis, long jitMillis, long reapedChildrenNanos) {
    this.reapedChildrenNanos = reapedChildrenNanos;
    this.threadNanos = threadNanos;
    this.processNanos = processNanos;
    this.processParts = processParts;
    this.ownNanos = ownNanos;
    this.wallNanos = wallNanos;
    this.gcMillis = gcMillis;
    this.jitMillis = jitMillis;
  }

  /** Thread CPU times keyed by thread id and name (a reused id with a new name is a new thread). */
  static CpuAccount snapshot() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> byThread = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        byThread.put(info.getThreadId() + "\u0000" + info.getThreadName(), cpu);
      }
    }
    Map<Long, Long> byProcess = new HashMap<>();
    Map<Long, String> parts = new HashMap<>();
    ProcessHandle.current().descendants().forEach(p -> {
      Optional<Duration> cpu = p.info().totalCpuDuration();
      if (cpu.isPresent()) {
        byProcess.put(p.pid(), cpu.get().toNanos());
        parts.put(p.pid(), serviceOf(p.info()));
      }
    });
    long own = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    long compiling = compilationMillis();
    return new CpuAccount(byThread, byProcess, parts, own, System.nanoTime(), gc, compiling, reapedChildren());
  }

  /**
   * Core-seconds spent per part since {@code before}, largest first, plus {@code wall_s} (the
   * elapsed time), {@code total} (all parts), and this JVM's {@code gc_s} (collection time, pauses
   * and concurrent cycles as the collectors report them) and {@code jit_s} (compiler thread time).
   */
  Map<String, Double> since(CpuAccount before) {
    Map<String, Long> nanos = new TreeMap<>();
    long javaThreads = 0;
    for (Map.Entry<String, Long> e : threadNanos.entrySet()) {
      long delta = e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L);
      String name = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
      nanos.merge("node: " + threadPart(name), delta, Long::sum);
      javaThreads += delta;
    }
    long ownDelta = ownNanos - before.ownNanos;
    nanos.merge("node: jvm (gc, jit, exited threads)", Math.max(0, ownDelta - javaThreads), Long::sum);
    for (Map.Entry<Long, Long> e : processNanos.entrySet()) {
      long delta = e.getValue() - before.processNanos.getOrDefault(e.getKey(), 0L);
      nanos.merge(processParts.get(e.getKey()), delta, Long::sum);
    }
    nanos.merge("exited child processes (e.g. wrk)", reapedChildrenNanos - before.reapedChildrenNanos, Long::sum);
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> out.put(e.getKey(), e.getValue() / 1e9));
    out.put("total", nanos.values().stream().mapToLong(Long::longValue).filter(v -> v > 0).sum() / 1e9);
    out.put("wall_s", (wallNanos - before.wallNanos) / 1e9);
    out.put("gc_s", (gcMillis - before.gcMillis) / 1e3);
    out.put("jit_s", (jitMillis - before.jitMillis) / 1e3);
    return out;
  }

  /**
   * Prints a {@link #since} breakdown (core-seconds, share, milliseconds per {@code unit}) and
   * records {@code cpu_total_core_s}, {@code node_gc_s}, {@code node_jit_s} and
   * {@code cpu_core_s_by_part} under {@code prefix}.
   *
   * @return the total core-seconds
   */
  static double report(BenchReport report, String prefix, String what, Map<String, Double> since, int units,
      String unit) {
    Map<String, Double> cpu = new LinkedHashMap<>(since);
    double wall = cpu.remove("wall_s");
    double total = cpu.remove("total");
    double gc = cpu.remove("gc_s");
    double jit = cpu.remove("jit_s");
    report.note(String.format("CPU during %s: %.1f core-s over %.1f s (%.2f of %d cores busy); node GC %.2f s, JIT"
        + " %.2f s", what, total, wall, total / wall, Runtime.getRuntime().availableProcessors(), gc, jit));
    cpu.forEach((part, seconds) -> report.note(String.format("  %-40s %6.2f core-s  %5.1f%%  %5.2f ms/%s", part,
        seconds, seconds / total * 100, seconds * 1000 / units, unit)));
    report.put(prefix + "cpu_total_core_s", total, "core-s");
    report.put(prefix + "node_gc_s", gc, "s");
    report.put(prefix + "node_jit_s", jit, "s");
    JsonObject parts = new JsonObject();
    cpu.forEach((part, seconds) -> parts.put(part, Stats.round(seconds, 3)));
    report.putQuietly(prefix + "cpu_core_s_by_part", parts);
    return total;
  }

  /** This JVM's accumulated JIT compilation time in milliseconds (0 when not monitored). */
  static long compilationMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  /**
   * CPU of this process's children that have exited and been waited for ({@code cutime} and
   * {@code cstime} of {@code /proc/self/stat}, in the kernel's fixed 100 Hz user ticks); 0 where
   * there is no procfs.
   */
  private static long reapedChildren() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is field 3 of the full line, cutime 16 and cstime 17
      return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String threadPart(String name) {
    if (name.startsWith("chartline-inference")) {
      return "inference";
    }
    if (name.startsWith("vert.x-eventloop")) {
      return "event loops";
    }
    if (name.startsWith("chartline-parse")) {
      return "parsing";
    }
    if (name.startsWith("chartline-crypto")) {
      return "crypto";
    }
    if (name.contains("kafka")) {
      return "kafka clients";
    }
    if (name.startsWith("sdk-async") || name.startsWith("aws-java-sdk") || name.contains("netty")) {
      return "aws sdk clients (s3, bedrock)";
    }
    if (name.startsWith("pool-") || name.startsWith("HttpClient") || name.equals("main")) {
      return "benchmark clients";
    }
    if (name.startsWith("vert.x-worker") || name.startsWith("vert.x-internal")) {
      return "vert.x workers";
    }
    return "other threads";
  }

  private static String serviceOf(ProcessHandle.Info info) {
    String command = info.command().orElse("");
    if (command.endsWith("/postgres") || command.equals("postgres")) {
      return "service: postgresql";
    }
    if (command.endsWith("/wrk")) {
      return "load generator: wrk";
    }
    List<String> args = info.arguments().map(List::of).orElse(List.of());
    String joined = String.join(" ", args);
    if (joined.contains("kafka.Kafka")) {
      return "service: kafka broker";
    }
    if (joined.contains("s3proxy")) {
      return "service: s3 server";
    }
    if (joined.contains("elasticmq")) {
      return "service: sqs server";
    }
    return "service: other";
  }
}
