package io.chartline.devtools;

import io.chartline.bench.AnswerBenchmark;
import io.chartline.bench.BedrockIngestBenchmark;
import io.chartline.bench.BenchEnvironment;
import io.chartline.bench.BenchReport;
import io.chartline.bench.GeneratorQueryBenchmark;
import io.chartline.bench.IngestBenchmark;
import io.chartline.bench.ModelEndpoint;
import io.chartline.bench.QueryBenchmark;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.pg.DbSettings;
import io.chartline.pg.PgPools;
import io.chartline.common.kafka.KafkaSettings;
import io.chartline.devstack.DevStack;
import io.chartline.devstack.DevStackOptions;
import io.chartline.devstack.bedrock.LocalBedrock;
import io.chartline.devstack.bedrock.LocalBedrockOptions;
import io.chartline.ingest.chunk.Chunk;
import io.chartline.ingest.chunk.SentenceChunker;
import io.chartline.ingest.parse.ParsedDocument;
import io.chartline.jwt.DevKeys;
import io.chartline.jwt.KeySource;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Args;
import io.chartline.launcher.Await;
import io.chartline.launcher.Node;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.chartline.onnx.OnnxEmbedder;
import io.chartline.onnx.WordPieceTokenizer;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench ingest [--docs N]}, {@code bench query [--chunks N]} and {@code bench answers
 * [--questions N] [--splits N] [--pubmedqa DIR]}: each run starts its own throw-away local services and node,
 * so figures never depend on demo state.
 */
final class BenchCommand {

  private BenchCommand() {
  }

  static int run(Args args) throws Exception {
    String which = args.positional(0);
    if ("compare-summary".equals(which)) {
      return BenchComparison.run(Path.of(args.required("dir")), Path.of(args.get("results", "bench/results")));
    }
    if (!"ingest".equals(which) && !"query".equals(which) && !"answers".equals(which)) {
      throw new IllegalArgumentException("bench needs 'ingest', 'query' or 'answers'");
    }
    Path data = Path.of(args.get("data", "../shared/data"));
    Path results = Path.of(args.get("results", "bench/results"));
    Path pubmedqa = Path.of(args.get("pubmedqa", data.resolve("pubmedqa").toString()));
    if ("answers".equals(which) && !AnswerBenchmark.present(pubmedqa)) {
      System.out.println("bench answers: skipped, no PubMedQA retrieval view (corpus.jsonl, queries.jsonl) in "
          + pubmedqa + " (set it with --pubmedqa DIR)");
      return 0;
    }
    // PostgreSQL runs as its own OS user when we are root: the state directory must be traversable.
    Path state = Files.createTempDirectory("chartline-bench-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    DevKeys keys = DevKeys.generate();
    boolean bedrock = "bedrock".equals(args.get("embedder", "onnx")) || "bedrock".equals(args.get("generator",
        "extractive"));
    checkChoice(args, "embedder", "onnx", "bedrock", "ingest");
    checkChoice(args, "generator", "extractive", "bedrock", "query");
    // Services run with full JIT here: their steady-state CPU shares the cores with the pipeline.
    System.setProperty("chartline.devstack.jvmOptions", "-Xmx512m -XX:+UseSerialGC -Djava.awt.headless=true");
    DevStackOptions options = new DevStackOptions(state.resolve("stack"), false, true, true, true, false);
    try (DevStack stack = DevStack.start(bedrock ? options.withBedrock(LocalBedrockOptions.defaults()) : options)) {
      Settings base = Settings.fromEnvironment().withDefaults(Map.of(
          "CHARTLINE_AUTH_ISSUER", DevKeys.ISSUER, "CHARTLINE_AUTH_AUDIENCE", DevKeys.AUDIENCE,
          "CHARTLINE_HTTP_HOST", "127.0.0.1", "CHARTLINE_HTTP_PORT", "0",
          // every question is embedded for real: a cache would measure the cache
          "CHARTLINE_QUERY_CACHE_SIZE", "0",
          "CHARTLINE_WORK_DIR", state.toString(),
          "CHARTLINE_CRYPTO_MASTER_KEY_FILE", state.resolve("keys/master.key").toString(),
          "CHARTLINE_RECORD_KEY_FILE", state.resolve("keys/records.key").toString()));
      if ("ingest".equals(which) && bedrock) {
        ingestBedrock(stack, base, keys, data, args, results);
      } else if ("ingest".equals(which)) {
        ingest(stack, base, keys, data, args.integer("docs", 300), results);
      } else {
        Settings prepared = DevEnvironment.prepare(stack, "bench", base);
        if (bedrock) {
          // every question reaches the model: below the answer threshold no model is asked
          prepared = withBedrock(prepared, stack.bedrock()).with("CHARTLINE_GENERATOR", "bedrock")
              .with("CHARTLINE_QUERY_MIN_SCORE", "0");
        }
        AppConfig config = AppConfig.from(prepared, EnumSet.allOf(Role.class));
        Node node = Await.join(Node.start(config, KeySource.Factory.fixed(keys.keySet()), Clock.systemUTC()));
        OnnxEmbedder model = model(node, config);
        try {
          BenchEnvironment env = environment(node, config, keys, AppConfig.migrationCredentials(prepared), model);
          if ("query".equals(which) && bedrock) {
            new GeneratorQueryBenchmark(env, new LocalBedrockEndpoint(stack.bedrock())).run(data,
                args.integer("chunks", 20_000), Duration.ofMillis(args.integer("latency-ms", 250)),
                args.integer("rounds", 4), results);
          } else if ("query".equals(which)) {
            new QueryBenchmark(env).run(data, args.integer("chunks", 100_000), results);
          } else {
            new AnswerBenchmark(env).run(pubmedqa, args.integer("questions", 400), args.integer("splits", 3), results);
          }
        } finally {
          model.close();
          Await.quietly(node.close());
        }
      }
    }
    return 0;
  }

  /** {@code --embedder} or {@code --generator} must name one of two choices, and only for {@code command}. */
  private static void checkChoice(Args args, String option, String dflt, String other, String command) {
    String value = args.get(option, dflt);
    if (!value.equals(dflt) && !value.equals(other)) {
      throw new IllegalArgumentException("--" + option + " must be " + dflt + " or " + other);
    }
    if (!value.equals(dflt) && !command.equals(args.positional(0))) {
      throw new IllegalArgumentException("--" + option + " applies to bench " + command + " only");
    }
  }

  /** Settings that point the Bedrock adapters at the local endpoint. */
  private static Settings withBedrock(Settings s, LocalBedrock local) {
    return s.with("CHARTLINE_BEDROCK_ENDPOINT", local.endpoint().toString())
        .with("CHARTLINE_BEDROCK_REGION", local.region())
        .with("CHARTLINE_BEDROCK_ACCESS_KEY", local.accessKey())
        .with("CHARTLINE_BEDROCK_SECRET_KEY", local.secretKey());
  }

  /**
   * Ingest embedding through the Titan adapter against the local endpoint: a fast phase (no quota,
   * no latency: what the pipeline sustains) and a quota phase (the endpoint's quota and latency,
   * the node's limiter told the same quota), each on a node and database of its own.
   */
  private static void ingestBedrock(DevStack stack, Settings base, DevKeys keys, Path data, Args args,
      Path results) throws Exception {
    String nodes = args.get("embed-nodes", null);
    if (nodes != null) {
      List<Integer> counts = new ArrayList<>();
      for (String n : nodes.split(",")) {
        counts.add(Integer.parseInt(n.trim()));
      }
      EmbedScaling.run(stack, withBedrock(base, stack.bedrock()), keys, data, counts,
          Duration.ofMillis(args.integer("latency-ms", 250)), args.integer("node-concurrency", 2),
          args.integer("docs", 120), new LocalBedrockEndpoint(stack.bedrock()), results);
      return;
    }
    int rpm = args.integer("quota-rpm", 3000);
    Duration latency = Duration.ofMillis(args.integer("latency-ms", 50));
    int docs = args.integer("docs", 300);
    BenchReport report = new BenchReport("ingest-bedrock");
    report.section("settings");
    report.put("vectors", "deterministic (fast mode), 1024 dimensions", "");
    report.put("endpoint_quota_requests_per_min", rpm, "(quota phase; --quota-rpm)");
    report.put("endpoint_latency_ms", latency.toMillis(), "ms per call (quota phase; --latency-ms)");
    ModelEndpoint endpoint = new LocalBedrockEndpoint(stack.bedrock());
    for (String phase : new String[] {"fast", "quota"}) {
      boolean quota = phase.equals("quota");
      Settings settings = withBedrock(base, stack.bedrock())
          .with("CHARTLINE_EMBEDDER", "bedrock").with("CHARTLINE_EMBEDDING_DIMENSION", "1024")
          // the limiter is told the account's quota; in the fast phase there is none to speak of
          .with("CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE", Integer.toString(quota ? rpm : 10_000_000))
          .with("CHARTLINE_BEDROCK_EMBED_TOKENS_PER_MINUTE", "1000000000")
          .with("CHARTLINE_KAFKA_TOPIC_PREFIX", "benchb-" + phase + ".");
      Settings prepared = DevEnvironment.prepare(stack, "benchb_" + phase, settings);
      AppConfig config = AppConfig.from(prepared, EnumSet.allOf(Role.class));
      Node node = Await.join(Node.start(config, KeySource.Factory.fixed(keys.keySet()), Clock.systemUTC()));
      try {
        BenchEnvironment env = environment(node, config, keys, AppConfig.migrationCredentials(prepared), null);
        BedrockIngestBenchmark bench = new BedrockIngestBenchmark(env, endpoint, report);
        BedrockIngestBenchmark.Notes notes = BedrockIngestBenchmark.notes(env, data, docs, quota ? 20 : docs);
        if (quota) {
          bench.quota(notes, rpm, latency);
        } else {
          bench.fast(notes);
        }
      } finally {
        Await.quietly(node.close());
      }
    }
    report.finish(results);
  }

  /**
   * Ingest with encryption off and on, alternating (off, on, on, off) after an unmeasured warm-up,
   * on the same services, each phase with its own database and topics: the overhead of sealing is
   * the ratio of the means.
   */
  private static void ingest(DevStack stack, Settings base, DevKeys keys, Path data, int docs, Path results)
      throws Exception {
    BenchReport report = new BenchReport("ingest");
    // Two unmeasured phases first (off, on: pools, broker and database caches; each phase also
    // warms up until the JIT is quiet), then off, on, on, off: any drift left from phase to phase
    // cancels out of the comparison in this order (off, on, off, on would credit it to encryption)
    String[] providers = {"none", "local", "none", "local", "local", "none"};
    int warmups = 2;
    List<IngestBenchmark.Summary> plain = new ArrayList<>();
    List<IngestBenchmark.Summary> sealed = new ArrayList<>();
    int plainRound = 0;
    int sealedRound = 0;
    for (int i = 0; i < providers.length; i++) {
      boolean encrypted = !providers[i].equals("none");
      boolean warmup = i < warmups;
      String label = warmup ? "warmup" + (i + 1) + "_" + (encrypted ? "sealed" : "plain") + "_"
          : (encrypted ? "sealed_r" + ++sealedRound : "plain_r" + ++plainRound) + "_";
      Settings phase = base.with("CHARTLINE_CRYPTO_PROVIDER", providers[i])
          .with("CHARTLINE_KAFKA_TOPIC_PREFIX", "bench" + i + ".");
      Settings prepared = DevEnvironment.prepare(stack, "bench" + i, phase);
      AppConfig config = AppConfig.from(prepared, EnumSet.allOf(Role.class));
      report.section("phase " + (i + 1) + "/" + providers.length + ": encryption " + (encrypted ? "ON" : "OFF")
          + (warmup ? " (warm-up, not counted)" : ""));
      Node node = Await.join(Node.start(config, KeySource.Factory.fixed(keys.keySet()), Clock.systemUTC()));
      OnnxEmbedder model = model(node, config);
      try {
        IngestBenchmark.Summary summary = new IngestBenchmark(environment(node, config, keys,
            AppConfig.migrationCredentials(prepared), model), report, label)
            .run(data, docs);
        if (!warmup) {
          (encrypted ? sealed : plain).add(summary);
        }
      } finally {
        model.close();
        Await.quietly(node.close());
      }
    }
    report.section("encryption on vs off (means of the alternating phases)");
    double off = plain.stream().mapToDouble(IngestBenchmark.Summary::pipelineChunksPerSec).average().orElse(0);
    double on = sealed.stream().mapToDouble(IngestBenchmark.Summary::pipelineChunksPerSec).average().orElse(0);
    double model = sealed.stream().mapToDouble(IngestBenchmark.Summary::modelChunksPerSec).average().orElse(0);
    report.put("pipeline_chunks_per_s_encryption_off", off, "chunks/s");
    report.put("pipeline_chunks_per_s_encryption_on", on, "chunks/s");
    report.put("encryption_overhead_pct", (off / on - 1) * 100, "% (target ≤ 5)");
    report.put("pipeline_to_model_ratio", on / model, "(encryption on; target ≥ 0.80)");
    report.finish(results);
  }

  /**
   * The model the node runs, as a second instance that the benchmarks call directly (on their own
   * threads, measuring its CPU time) to compare the pipeline with the model alone. It is idle while
   * the pipeline is measured.
   */
  private static OnnxEmbedder model(Node node, AppConfig config) {
    return new OnnxEmbedder(node.vertx(), node.vertx().createSharedWorkerExecutor("chartline-bench-model",
        config.inferenceThreads()), config.onnx());
  }

  /**
   * @param owner the schema owner, for maintenance between phases (VACUUM ANALYZE)
   * @param model the node's embedding model, to measure it alone (null when the node embeds elsewhere)
   */
  static BenchEnvironment environment(Node node, AppConfig config, DevKeys keys,
      DbSettings.Credentials owner, OnnxEmbedder model) {
    SentenceChunker chunker = new SentenceChunker(config.ingest().chunker(),
        WordPieceTokenizer.fromClasspath(OnnxEmbedder.TOKENIZER_RESOURCE));
    return new BenchEnvironment() {
      @Override
      public String apiBase() {
        return "http://127.0.0.1:" + node.apiPort();
      }

      @Override
      public String token(String tenant) {
        return keys.token(tenant, "bench", List.of("clinician"), 4 * 3600, Clock.systemUTC());
      }

      @Override
      public Pool appPool() {
        return node.appPool();
      }

      @Override
      public OnnxEmbedder embedder() {
        return model;
      }

      @Override
      public int inferenceThreads() {
        return config.inferenceThreads();
      }

      @Override
      public int chunksPerRecord() {
        return config.ingest().chunksPerRecord();
      }

      @Override
      public KafkaSettings kafka() {
        return config.kafka();
      }

      @Override
      public int efSearch() {
        return config.efSearch();
      }

      @Override
      public double answerThreshold() {
        return config.query().minScore();
      }

      @Override
      public TenantCrypto crypto() {
        return node.crypto();
      }

      @Override
      public void analyze() throws Exception {
        Pool maintenance = PgPools.create(node.vertx(), config.db(), owner, 1);
        try {
          maintenance.query("VACUUM (ANALYZE)").execute().toCompletionStage().toCompletableFuture()
              .get(10, TimeUnit.MINUTES); // blocking-ok: benchmark main thread
        } finally {
          maintenance.close();
        }
      }

      @Override
      public List<String> chunk(String text) {
        List<String> out = new ArrayList<>();
        for (Chunk c : chunker.chunk(ParsedDocument.singlePage(text))) {
          out.add(c.text());
        }
        return out;
      }
    };
  }
}
