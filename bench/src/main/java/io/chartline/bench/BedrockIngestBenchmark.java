package io.chartline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code bench ingest --embedder bedrock}: the whole pipeline embedding through the Titan adapter
 * against a local Bedrock endpoint, in one of two phases (each on a node of its own):
 * <ul>
 *   <li>{@link #quota}: the endpoint enforces a requests-per-minute quota and answers every call
 *       after a fixed latency; the node's limiter is told the same quota. Figures: throughput as a
 *       share of what the quota allows, throttled calls, chunks that did not reach the index
 *       (must be 0), upload→indexed latency;</li>
 *   <li>{@link #fast}: no quota, no latency, deterministic vectors: what the pipeline itself
 *       sustains around the adapter, and where the CPU went.</li>
 * </ul>
 */
public final class BedrockIngestBenchmark {

  private static final String TENANT = "bench-titan";

  private final BenchEnvironment env;
  private final ModelEndpoint endpoint;
  private final BenchReport report;

  public BedrockIngestBenchmark(BenchEnvironment env, ModelEndpoint endpoint, BenchReport report) {
    this.env = env;
    this.endpoint = endpoint;
    this.report = report;
  }

  /** The notes of a run: {@code warmup} first, then the measured ones, none shared. */
  public record Notes(List<String> warmup, List<String> measured, int expectedChunks) {
  }

  /** {@code warmupDocs} notes for warming up, then {@code docs} others, chunked as the pipeline chunks. */
  public static Notes notes(BenchEnvironment env, Path dataDir, int docs, int warmupDocs) throws Exception {
    List<String> all = Corpus.notes(dataDir, docs + warmupDocs);
    List<String> warmup = all.subList(0, Math.min(warmupDocs, all.size() / 2));
    List<String> measured = all.subList(warmup.size(), all.size());
    int chunks = 0;
    for (String n : measured) {
      chunks += env.chunk(n).size();
    }
    return new Notes(warmup, measured, chunks);
  }

  /**
   * The quota phase. The quota bound is {@code requestsPerMinute / 60} calls per second, one call
   * per chunk (chunks are far below Titan's input limit); both the endpoint's and the node's
   * buckets hold at most one second of it, so a run of a minute may exceed the bound by ~2 %.
   */
  public void quota(Notes notes, long requestsPerMinute, Duration latency) throws Exception {
    report.section("Titan under a quota: " + requestsPerMinute + " requests/min, " + latency.toMillis()
        + " ms per call (node limiter set to the same quota)");
    endpoint.configure(0, 0, Duration.ZERO);
    // connections, pools and the first compilations of this node: not measured
    PipelineRun.run(env, TENANT, notes.warmup());
    endpoint.configure(requestsPerMinute, 0, latency);
    endpoint.resetStats();
    PipelineRun.Result run = PipelineRun.run(env, TENANT, notes.measured());
    ModelEndpoint.Served served = endpoint.served();
    double bound = requestsPerMinute / 60.0;
    put("quota", "requests_per_min", requestsPerMinute, "");
    put("quota", "endpoint_latency_ms", latency.toMillis(), "ms per call");
    put("quota", "bound_chunks_per_s", bound, "chunks/s (one call per chunk)");
    putRun("quota", notes, run);
    put("quota", "throughput_to_quota_ratio", run.chunksPerSecond() / bound, "(target ≥ 0.95)");
    putServed("quota", served, run.seconds());
  }

  /** The fast phase: no quota, no latency; what bounds the pipeline. */
  public void fast(Notes notes) throws Exception {
    report.section("Titan in fast mode: no quota, no latency, deterministic vectors");
    endpoint.configure(0, 0, Duration.ZERO);
    // rounds as large as the measured run, until compiling takes under 3 % of one
    WarmUp.Result warm = WarmUp.untilCompilerQuiet(i -> PipelineRun.run(env, TENANT, notes.warmup()), 0.03, 20);
    put("fast", "warmup_rounds", warm.rounds(), "");
    put("fast", "warmup_last_round_jit_pct", warm.lastCompilingShare() * 100,
        "% of the last warm-up round's wall time spent compiling");
    endpoint.resetStats();
    PipelineRun.Result run = PipelineRun.run(env, TENANT, notes.measured());
    ModelEndpoint.Served served = endpoint.served();
    putRun("fast", notes, run);
    putServed("fast", served, run.seconds());
    double total = CpuAccount.report(report, "fast_", "the fast run", run.cpu(), Math.max(1, run.chunks()), "chunk");
    double busy = total / run.cpu().get("wall_s");
    int cores = Runtime.getRuntime().availableProcessors();
    put("fast", "cores_busy", busy, "of " + cores);
    String largest = run.cpu().entrySet().stream()
        .filter(e -> !List.of("total", "wall_s", "gc_s", "jit_s").contains(e.getKey()))
        .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("none");
    report.note(busy >= cores * 0.9
        ? "bound: CPU (the cores are busy; the largest part is " + largest + ")"
        : "bound: not the CPU (" + String.format("%.2f", busy) + " of " + cores + " cores busy); calls in flight"
            + " peaked at " + served.maxInFlight() + ", see the node's concurrency and partition settings");
    report.putQuietly("fast_largest_cpu_part", largest);
  }

  /**
   * One round of the embed scaling comparison: the endpoint answers every call after
   * {@code latency}, each embed process has at most its configured concurrency in flight, so the
   * stage is bound by latency × concurrency per process, not by this machine's cores.
   *
   * @return chunks per second of the measured run
   */
  public double scaling(Notes notes, int embedNodes, Duration latency) throws Exception {
    String phase = "scale_" + embedNodes;
    endpoint.configure(0, 0, latency);
    PipelineRun.run(env, TENANT, notes.warmup());
    endpoint.resetStats();
    PipelineRun.Result run = PipelineRun.run(env, TENANT, notes.measured());
    put(phase, "embed_processes", embedNodes, "");
    putRun(phase, notes, run);
    put(phase, "max_calls_in_flight", endpoint.served().maxInFlight(), "(all processes together)");
    put(phase, "recorded_chunks", PipelineRun.recordedChunks(env, TENANT, run.uploaded()), "(the documents' chunk counts)");
    put(phase, "documents_with_other_chunk_counts",
        PipelineRun.documentsWithOtherChunkCounts(env, TENANT, run.uploaded()), "(target 0)");
    return run.chunksPerSecond();
  }

  private void putRun(String phase, Notes notes, PipelineRun.Result run) throws Exception {
    long stored = PipelineRun.storedChunks(env, TENANT, run.uploaded());
    put(phase, "documents", notes.measured().size(), "");
    put(phase, "expected_chunks", notes.expectedChunks(), "");
    put(phase, "indexed_documents", run.indexed(), "");
    put(phase, "failed_documents", run.failedDocuments(), "");
    put(phase, "failed_uploads", run.failedUploads(), "");
    put(phase, "stored_chunks", stored, "");
    put(phase, "failed_chunks", notes.expectedChunks() - stored, "(target 0)");
    put(phase, "seconds", run.seconds(), "s");
    put(phase, "chunks_per_s", run.chunksPerSecond(), "chunks/s");
    put(phase, "upload_to_indexed_p50_ms", Stats.percentile(run.latenciesMs(), 50), "ms");
    put(phase, "upload_to_indexed_p95_ms", Stats.percentile(run.latenciesMs(), 95), "ms");
  }

  private void putServed(String phase, ModelEndpoint.Served served, double seconds) {
    put(phase, "titan_calls", served.calls(), "");
    put(phase, "titan_calls_per_s", served.calls() / seconds, "calls/s (throttled ones included)");
    put(phase, "throttled_calls", served.throttled(), "");
    put(phase, "other_failed_calls", served.failed(), "");
    put(phase, "max_calls_in_flight", served.maxInFlight(), "");
  }

  private void put(String phase, String key, Object value, String unit) {
    report.put(phase + "_" + key, value, unit);
  }
}
