package io.chartline.bench;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.tenant.TenantId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench ingest}: N notes through the whole pipeline (API → S3 → Kafka → parse/chunk →
 * embed → pgvector), then — in the same run, on the same chunks — the embedding model alone,
 * and the ratio between the two.
 */
public final class IngestBenchmark {

  private static final String TENANT = "bench-ingest";

  private final BenchEnvironment env;
  private final BenchReport report;
  private final String prefix;

  /**
   * @param report where figures go (several phases may share one report)
   * @param prefix prepended to every figure name of this phase
   */
  public IngestBenchmark(BenchEnvironment env, BenchReport report, String prefix) {
    this.env = env;
    this.report = report;
    this.prefix = prefix;
  }

  /** What one phase measured, for comparisons across phases. */
  public record Summary(int chunks, double pipelineChunksPerSec, double pipelineDocsPerSec, double modelChunksPerSec) {
  }

  private void put(String key, Object value, String unit) {
    report.put(prefix + key, value, unit);
  }

  /**
   * Runs one phase: warm-up, then the model alone, the measured pipeline and the model alone
   * again, all on the same chunks. This machine's speed drifts by several percent within a
   * minute; the pipeline is compared with the mean of the model runs on either side of it, so a
   * steady drift cancels out, and the difference between the two runs shows how large it was.
   */
  public Summary run(Path dataDir, int docs) throws Exception {
    report.section("corpus");
    // warm-up rounds as large as the measured run: the same burst of uploads, the same backlog
    int warmupDocs = Math.max(50, docs);
    List<String> all = Corpus.notes(dataDir, docs + warmupDocs);
    List<String> warmup = all.subList(0, Math.min(warmupDocs, all.size() / 2));
    List<String> notes = all.subList(warmup.size(), all.size());
    List<List<String>> chunked = new ArrayList<>();
    int chunks = 0;
    for (String n : notes) {
      List<String> c = env.chunk(n);
      chunked.add(c);
      chunks += c.size();
    }
    put("documents", notes.size(), "");
    put("chunks", chunks, "");
    warmUp(chunked);

    report.section("pipeline warm-up (" + warmup.size() + " other notes per round, not measured)");
    // steady state: rounds of other notes until compiling takes under 3% of one
    WarmUp.Result warm = WarmUp.untilCompilerQuiet(i -> runPipeline(warmup, false), 0.03, 20);
    put("warmup_rounds", warm.rounds(), "");
    put("warmup_last_round_jit_pct", warm.lastCompilingShare() * 100,
        "% of the last warm-up round's wall time spent compiling");
    idleBaseline();
    report.section("embedding model alone, before the pipeline (same chunks, same threads, same batches)");
    ParallelEmbedding.Result before = runModelAlone(chunked, chunks, "model_before_");
    report.section("pipeline (upload → indexed)");
    long callsBefore = env.crypto().keyringCalls().total();
    runPipeline(notes, true);
    if (env.crypto().enabled()) {
      put("keyring_calls_per_1000_chunks", (env.crypto().keyringCalls().total() - callsBefore) * 1000.0 / chunks,
          "(seal in ingest + open in embed; local keyring)");
    }

    report.section("embedding model alone, after the pipeline");
    ParallelEmbedding.Result after = runModelAlone(chunked, chunks, "model_after_");
    double modelSeconds = (before.seconds() + after.seconds()) / 2;
    double modelCpu = (before.cpuSeconds() + after.cpuSeconds()) / 2;
    double modelChunksPerSec = chunks / modelSeconds;
    put("model_threads", env.inferenceThreads(), "");
    put("model_seconds", modelSeconds, "s (mean of before and after)");
    put("model_chunks_per_s", modelChunksPerSec, "chunks/s");
    put("model_drift_pct", (after.seconds() / before.seconds() - 1) * 100,
        "% (model time after vs before the pipeline: the machine's drift)");
    put("model_inference_core_s", modelCpu, "core-s");
    put("pipeline_to_model_inference_cpu", (double) figures.get("pipeline_inference_cpu_s") / modelCpu,
        "(inference CPU per chunk in the pipeline vs alone)");
    double pipelineChunksPerSec = (double) figures.get("pipeline_chunks_per_s");
    put("pipeline_to_model_ratio", pipelineChunksPerSec / modelChunksPerSec, "(target ≥ 0.80)");
    if (env.crypto().enabled()) {
      report.section("sealing and opening alone (same chunks, one document at a time)");
      runCryptoAlone(chunked, chunks, modelSeconds * env.inferenceThreads());
    }
    return new Summary(chunks, pipelineChunksPerSec, (double) figures.get("pipeline_docs_per_s"), modelChunksPerSec);
  }

  private final Map<String, Object> figures = new HashMap<>();

  /**
   * What the node and the local services burn with nothing to do (heartbeats, timers, the
   * broker's and PostgreSQL's background work), over 3 s: a floor under the pipeline's figures.
   */
  private void idleBaseline() throws InterruptedException {
    CpuAccount before = CpuAccount.snapshot();
    Thread.sleep(3000); // blocking-ok: benchmark main thread
    Map<String, Double> idle = CpuAccount.snapshot().since(before);
    double wall = idle.get("wall_s");
    double total = idle.get("total");
    put("idle_cores_busy", total / wall, "cores busy while idle (node and local services)");
    report.note(String.format("idle: broker %.3f, postgresql %.3f, s3 server %.3f, node %.3f cores",
        idle.getOrDefault("service: kafka broker", 0.0) / wall, idle.getOrDefault("service: postgresql", 0.0) / wall,
        idle.getOrDefault("service: s3 server", 0.0) / wall, idle.entrySet().stream()
            .filter(e -> e.getKey().startsWith("node: ")).mapToDouble(Map.Entry::getValue).sum() / wall));
  }

  private void warmUp(List<List<String>> chunked) {
    List<String> sample = new ArrayList<>();
    for (List<String> c : chunked) {
      sample.addAll(c);
      if (sample.size() >= 16) {
        break;
      }
    }
    env.embedder().embedBlocking(sample);
  }

  private void runPipeline(List<String> notes, boolean measured) throws Exception {
    PipelineRun.Result run = PipelineRun.run(env, TENANT, notes);
    if (!measured) {
      return;
    }
    put("indexed_documents", run.indexed(), "");
    put("failed_documents", run.failedDocuments(), "");
    put("failed_uploads", run.failedUploads(), "");
    put("pipeline_seconds", run.seconds(), "s");
    put("pipeline_docs_per_s", run.indexed() / run.seconds(), "docs/s");
    figures.put("pipeline_docs_per_s", run.indexed() / run.seconds());
    figures.put("pipeline_chunks_per_s", run.chunksPerSecond());
    put("pipeline_chunks_per_s", run.chunksPerSecond(), "chunks/s");
    put("upload_to_indexed_p50_ms", Stats.percentile(run.latenciesMs(), 50), "ms");
    put("upload_to_indexed_p95_ms", Stats.percentile(run.latenciesMs(), 95), "ms");
    putCpu(run.cpu(), run.chunks());
  }

  /**
   * The pipeline's CPU time by part. On a machine whose cores the model alone fills, everything
   * that is not inference is what keeps the pipeline below the model's own throughput.
   */
  private void putCpu(Map<String, Double> cpu, int chunks) {
    double inference = cpu.getOrDefault("node: inference", 0.0);
    double total = CpuAccount.report(report, prefix, "the pipeline", cpu, chunks, "chunk");
    put("cpu_inference_core_s", inference, "core-s");
    put("cpu_outside_inference_ms_per_chunk", (total - inference) * 1000 / chunks, "ms of CPU per chunk");
    figures.put("pipeline_inference_cpu_s", inference);
  }

  private ParallelEmbedding.Result runModelAlone(List<List<String>> chunked, int chunks, String label)
      throws Exception {
    List<List<String>> calls = new ArrayList<>();
    for (List<String> doc : chunked) {
      calls.addAll(ParallelEmbedding.calls(doc, env.chunksPerRecord()));
    }
    ParallelEmbedding.Result alone = ParallelEmbedding.run(env.embedder(), env.inferenceThreads(), calls);
    put(label + "seconds", alone.seconds(), "s");
    put(label + "chunks_per_s", chunks / alone.seconds(), "chunks/s");
    return alone;
  }

  /**
   * What encryption adds to each chunk's work, measured directly: every document's chunks sealed
   * (as ingest does) and opened again (as embed does) through the node's tenant crypto, one
   * document at a time, against the model's own thread time for the same chunks. Phase-to-phase
   * drift of the whole pipeline is larger than this cost, so this is the sharper figure.
   */
  private void runCryptoAlone(List<List<String>> chunked, int chunks, double modelCpuSeconds) throws Exception {
    TenantId tenant = TenantId.of("bench-crypto-alone");
    env.crypto().seal(tenant, UUID.randomUUID(), List.of("warm-up")).toCompletionStage().toCompletableFuture()
        .get(1, TimeUnit.MINUTES); // blocking-ok: benchmark main thread; creates the tenant's key
    long t0 = System.nanoTime();
    for (List<String> doc : chunked) {
      UUID id = UUID.randomUUID();
      List<SealedText> sealed = env.crypto().seal(tenant, id, doc).toCompletionStage().toCompletableFuture()
          .get(1, TimeUnit.MINUTES); // blocking-ok
      List<TenantCrypto.Envelope> envelopes = new ArrayList<>(sealed.size());
      for (SealedText t : sealed) {
        envelopes.add(new TenantCrypto.Envelope(id, t));
      }
      env.crypto().open(tenant, envelopes).toCompletionStage().toCompletableFuture()
          .get(1, TimeUnit.MINUTES); // blocking-ok
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    put("crypto_alone_ms_per_chunk", seconds * 1000 / chunks, "ms (seal + open, incl. pool hand-offs)");
    put("crypto_to_model_time_pct", seconds / modelCpuSeconds * 100,
        "% of the model's thread time for the same chunks (upper bound of what sealing adds)");
  }
}
