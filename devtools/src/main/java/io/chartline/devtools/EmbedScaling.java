package io.chartline.devtools;

import io.chartline.bench.BedrockIngestBenchmark;
import io.chartline.bench.BenchEnvironment;
import io.chartline.bench.BenchReport;
import io.chartline.bench.ModelEndpoint;
import io.chartline.devstack.DevStack;
import io.chartline.jwt.DevKeys;
import io.chartline.jwt.KeySource;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Await;
import io.chartline.launcher.Node;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench ingest --embedder bedrock --embed-nodes 1,2}: the same notes ingested with the embed
 * role in 1, then 2 (…) processes of their own, each capped at {@code --node-concurrency} Titan
 * calls in flight against an endpoint that answers after {@code --latency-ms}. The api, ingest
 * and audit roles run in this process; each round has its own database and topics. The figure is
 * the throughput ratio of N processes to one (target ≥ 1.8 for two).
 */
final class EmbedScaling {

  private EmbedScaling() {
  }

  static void run(DevStack stack, Settings bedrock, DevKeys keys, Path data, List<Integer> counts, Duration latency,
      int concurrency, int docs, ModelEndpoint endpoint, Path results) throws Exception {
    BenchReport report = new BenchReport("ingest-bedrock-scaling");
    report.section("settings");
    report.put("endpoint_latency_ms", latency.toMillis(), "ms per call (--latency-ms)");
    report.put("node_concurrency", concurrency, "Titan calls in flight per embed process (--node-concurrency)");
    report.put("bound_per_process_chunks_per_s", concurrency * 1000.0 / latency.toMillis(),
        "chunks/s (concurrency / latency, one call per chunk)");
    report.put("documents", docs, "");
    List<Double> rates = new ArrayList<>();
    for (int n : counts) {
      report.section(n + " embed process" + (n == 1 ? "" : "es"));
      Settings settings = bedrock.with("CHARTLINE_EMBEDDER", "bedrock").with("CHARTLINE_EMBEDDING_DIMENSION", "1024")
          .with("CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE", "10000000")
          .with("CHARTLINE_BEDROCK_EMBED_TOKENS_PER_MINUTE", "1000000000")
          .with("CHARTLINE_BEDROCK_EMBED_MAX_CONCURRENCY", Integer.toString(concurrency))
          .with("CHARTLINE_KAFKA_PARTITIONS", "8")
          .with("CHARTLINE_KAFKA_TOPIC_PREFIX", "benchs-" + n + ".");
      Settings prepared = DevEnvironment.prepare(stack, "benchs_" + n, settings);
      AppConfig config = AppConfig.from(prepared, EnumSet.of(Role.API, Role.INGEST, Role.AUDIT));
      Node front = Await.join(Node.start(config, KeySource.Factory.fixed(keys.keySet()), Clock.systemUTC()));
      List<Process> embedders = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          embedders.add(embedProcess(prepared));
        }
        for (Process p : embedders) {
          awaitReady(p);
        }
        BenchEnvironment env = BenchCommand.environment(front, config, keys, AppConfig.migrationCredentials(prepared),
            null);
        BedrockIngestBenchmark bench = new BedrockIngestBenchmark(env, endpoint, report);
        rates.add(bench.scaling(BedrockIngestBenchmark.notes(env, data, docs, 40), n, latency));
      } finally {
        for (Process p : embedders) {
          p.destroy();
        }
        for (Process p : embedders) {
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
        Await.quietly(front.close());
      }
    }
    report.section("scaling");
    for (int i = 1; i < counts.size(); i++) {
      report.put("throughput_ratio_" + counts.get(i) + "_to_" + counts.get(0), rates.get(i) / rates.get(0),
          "(target ≥ " + String.format("%.1f", 0.9 * counts.get(i) / counts.get(0)) + ")");
    }
    report.finish(results);
  }

  /** {@code run --roles embed} in a JVM of its own, its readiness on a health port of its own. */
  private static Process embedProcess(Settings settings) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("chartline-bench-embed-", ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.chartline.launcher.Main", "run",
        "--roles", "embed");
    pb.environment().putAll(settings.asMap());
    pb.environment().put("CHARTLINE_HEALTH_PORT", Integer.toString(port));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    PORTS.put(p, port);
    return p;
  }

  private static final java.util.Map<Process, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();

  private static void awaitReady(Process p) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + PORTS.get(p) + "/health/ready");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("an embed process exited (" + p.exitValue() + ")");
      }
      try {
        if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250); // blocking-ok: the bench's main thread polls a child process
    }
    throw new IllegalStateException("an embed process did not become ready in 2 minutes");
  }
}
