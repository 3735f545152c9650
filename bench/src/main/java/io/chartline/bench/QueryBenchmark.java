package io.chartline.bench;

import io.chartline.common.crypto.TenantCrypto;
import io.chartline.pg.TenantTx;
import io.chartline.pg.PgDocumentStore;
import io.chartline.pg.PgChunkStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench query}: loads chunks over 10 tenants, then measures {@code POST /v1/search} at 1, 8
 * and 32 closed-loop clients, and — in the same run — the question embedding alone, the SQL
 * search alone, and tenant-filtered recall@10 of the HNSW search against exact search.
 */
public final class QueryBenchmark {

  static final int TENANTS = 10;

  private final BenchEnvironment env;
  private final BenchReport report = new BenchReport("query");
  private float[][] questionVectors;

  public QueryBenchmark(BenchEnvironment env) {
    this.env = env;
  }

  public void run(Path dataDir, int chunks, Path resultsDir) throws Exception {
    report.section("load " + chunks + " chunks over " + TENANTS + " tenants");
    List<String> sentences = sentences(Corpus.notes(dataDir, 400), 3000);
    float[][] base = embedAll(sentences);
    long t0 = System.nanoTime();
    VectorLoader loader = new VectorLoader(env.appPool(), env.embedder().modelId());
    loadTenants(loader, "bench-t", chunks, sentences, base, env.crypto());
    report.put("chunks_loaded", (chunks / TENANTS) * TENANTS, "");
    report.put("chunks_sealed", env.crypto().enabled(), "");
    report.put("load_seconds", (System.nanoTime() - t0) / 1e9, "s");

    List<String> questions = Corpus.questions(dataDir, 1000);
    Random rnd = new Random(1);
    String[] tokens = new String[TENANTS];
    for (int t = 0; t < TENANTS; t++) {
      tokens[t] = env.token(tenant(t).value());
    }
    WrkLoad wrk = WrkLoad.create(env.apiBase(), List.of(tokens), questions);
    double saturation = wrk != null ? loadWithWrk(wrk) : loadInProcess(tokens, questions, rnd);
    report.put("saturation_qps", saturation, "req/s");
    auditWait();
    costsAlone(questions, saturation);
    recall(questions);
    if (wrk != null && env.crypto().enabled()) {
      encryptionOverhead(loader, chunks, sentences, base, questions);
    }
    report.finish(resultsDir);
  }

  /** Load from a separate process (wrk): the generator's own CPU stays out of the service's JVM. */
  private double loadWithWrk(WrkLoad wrk) throws Exception {
    report.put("load_generator", "wrk (separate process)", "");
    // steady state: 15 s slices (8, then 32 clients) until compiling takes under 1 s of one
    WarmUp.Result warm = WarmUp.untilCompilerQuiet(i -> wrk.run(i % 2 == 0 ? 8 : 32, 15), 1.0 / 15, 6);
    report.put("warmup_seconds", warm.rounds() * 15, "s");
    report.put("warmup_last_slice_jit_pct", warm.lastCompilingShare() * 100, "% of the last slice compiling");
    double saturation = 0;
    for (int clients : new int[] {1, 8, 32}) {
      report.section("/v1/search with " + clients + " concurrent client(s)");
      CpuAccount before = CpuAccount.snapshot();
      WrkLoad.Result r = wrk.run(clients, clients == 1 ? 10 : 15);
      Map<String, Double> cpu = CpuAccount.snapshot().since(before);
      report.put("search_c" + clients + "_p50_ms", r.p50(), "ms");
      report.put("search_c" + clients + "_p95_ms", r.p95(), "ms");
      report.put("search_c" + clients + "_p99_ms", r.p99(), "ms");
      report.put("search_c" + clients + "_qps", r.qps(), "req/s");
      report.put("search_c" + clients + "_errors", r.errors(), "");
      if (clients > 1) {
        CpuAccount.report(report, "search_c" + clients + "_", clients + " clients", cpu,
            (int) Math.max(1, Math.round(r.qps() * cpu.get("wall_s"))), "request");
      }
      saturation = Math.max(saturation, r.qps());
    }
    return saturation;
  }

  /** Load from inside this JVM, when wrk is not installed. */
  private double loadInProcess(String[] tokens, List<String> questions, Random rnd) throws Exception {
    report.put("load_generator", "in-process Vert.x client", "");
    try (LoadGenerator load = new LoadGenerator(env.apiBase(), 32)) {
      load.run("/v1/search", 8, 200, i -> request(tokens, questions, rnd));
      double saturation = 0;
      for (int clients : new int[] {1, 8, 32}) {
        report.section("/v1/search with " + clients + " concurrent client(s)");
        LoadGenerator.Result r = load.run("/v1/search", clients, clients == 1 ? 300 : 60 * clients,
            i -> request(tokens, questions, rnd));
        report.put("search_c" + clients + "_p50_ms", Stats.percentile(r.latenciesMs(), 50), "ms");
        report.put("search_c" + clients + "_p95_ms", Stats.percentile(r.latenciesMs(), 95), "ms");
        report.put("search_c" + clients + "_p99_ms", Stats.percentile(r.latenciesMs(), 99), "ms");
        report.put("search_c" + clients + "_qps", r.qps(), "req/s");
        report.put("search_c" + clients + "_errors", r.errors(), "");
        saturation = Math.max(saturation, r.qps());
      }
      return saturation;
    }
  }

  private static LoadGenerator.Request request(String[] tokens, List<String> questions, Random rnd) {
    synchronized (rnd) {
      return new LoadGenerator.Request(tokens[rnd.nextInt(tokens.length)],
          new JsonObject().put("query", questions.get(rnd.nextInt(questions.size()))).put("top_k", 10));
    }
  }

  /** The broker acknowledgement each audited response waited for, from the node's own metrics. */
  private void auditWait() throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(env.apiBase() + "/metrics")).build(), BodyHandlers.ofString());
    for (String line : metrics.body().split("\n")) {
      for (String q : new String[] {"0.5", "0.95"}) {
        String prefix = "chartline_audit_emit_seconds{quantile=\"" + q + "\"} ";
        if (line.startsWith(prefix)) {
          report.put("audit_ack_" + (q.equals("0.5") ? "p50" : "p95") + "_ms",
              Double.parseDouble(line.substring(prefix.length())) * 1000, "ms (runs alongside retrieval)");
        }
      }
    }
  }

  private void costsAlone(List<String> questions, double saturation) throws Exception {
    report.section("costs alone (same run)");
    List<String> sample = questions.subList(0, Math.min(480, questions.size()));
    ParallelEmbedding.Result embedded = ParallelEmbedding.run(env.embedder(), env.inferenceThreads(),
        ParallelEmbedding.calls(sample, 8));
    float[][] vectors = embedded.vectors();
    questionVectors = vectors;
    double embedQps = sample.size() / embedded.seconds();
    report.put("embedding_alone_qps", embedQps, "questions/s (node model config, all threads)");

    PgChunkStore store = new PgChunkStore(env.appPool(), new PgDocumentStore(env.appPool()), env.efSearch());
    int total = 2000;
    double sqlQps = sqlAloneQps(store, "bench-t", vectors, total);
    report.put("sql_search_alone_qps", sqlQps, "searches/s (8 concurrent)");
    double allowed = 1 / (1 / embedQps + 1 / sqlQps);
    report.put("embed_plus_sql_bound_qps", allowed, "req/s");
    report.put("saturation_to_bound_ratio", saturation / allowed, "(target ≥ 0.70)");
  }

  /** {@code total} searches straight on the store, 8 at a time, over the tenants named {@code prefix + 0..9}. */
  private static double sqlAloneQps(PgChunkStore store, String prefix, float[][] vectors, int total)
      throws Exception {
    AtomicInteger i = new AtomicInteger();
    List<Future<Void>> loops = new ArrayList<>();
    long t1 = System.nanoTime();
    for (int c = 0; c < 8; c++) {
      loops.add(sqlLoop(store, prefix, vectors, i, total));
    }
    Future.all(loops).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES); // blocking-ok: bench
    return total / ((System.nanoTime() - t1) / 1e9);
  }

  private static Future<Void> sqlLoop(PgChunkStore store, String prefix, float[][] vectors, AtomicInteger i,
      int total) {
    int n = i.getAndIncrement();
    if (n >= total) {
      return Future.succeededFuture();
    }
    return store.search(TenantId.of(prefix + (n % TENANTS)), vectors[n % vectors.length], 10)
        .compose(r -> sqlLoop(store, prefix, vectors, i, total));
  }

  private void recall(List<String> questions) throws Exception {
    report.section("tenant-filtered recall@10 (HNSW vs exact)");
    List<String> sample = questions.subList(0, Math.min(200, questions.size()));
    float[][] vectors = env.embedder().embedBlocking(sample);
    PgChunkStore store = new PgChunkStore(env.appPool(), new PgDocumentStore(env.appPool()), env.efSearch());
    double sum = 0;
    for (int q = 0; q < sample.size(); q++) {
      TenantId tenant = tenant(q % TENANTS);
      Set<String> ann = new HashSet<>();
      store.search(tenant, vectors[q], 10).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES)
          .forEach(p -> ann.add(p.documentId() + "/" + p.chunkIndex()));
      Set<String> exact = exact(tenant, vectors[q]);
      ann.retainAll(exact);
      sum += exact.isEmpty() ? 1 : (double) ann.size() / exact.size();
    }
    report.put("ef_search", env.efSearch(), "");
    report.put("recall_at_10", sum / sample.size(), "(target ≥ 0.95)");
  }

  private Set<String> exact(TenantId tenant, float[] v) throws Exception {
    Float[] q = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      q[i] = v[i];
    }
    return TenantTx.run(env.appPool(), tenant, c -> c.query("SELECT set_config('enable_indexscan', 'off', true)")
            .execute()
            .compose(x -> c.preparedQuery("SELECT document_id, chunk_index FROM chunks WHERE tenant_id = $1 "
                + "ORDER BY embedding <=> $2::real[]::vector LIMIT 10")
                .execute(Tuple.tuple().addString(tenant.value()).addArrayOfFloat(q))))
        .map(rs -> {
          Set<String> out = new HashSet<>();
          for (Row r : rs) {
            out.add(r.getUUID(0) + "/" + r.getInteger(1));
          }
          return out;
        })
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  /** @return {@code [blocks hit, blocks read]} of the database so far */
  private long[] blocks() throws Exception {
    return env.appPool().query("SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()")
        .execute().map(rs -> {
          Row r = rs.iterator().next();
          return new long[] {r.getLong(0), r.getLong(1)};
        })
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  private float[][] embedAll(List<String> sentences) throws Exception {
    ParallelEmbedding.Result r = ParallelEmbedding.run(env.embedder(), env.inferenceThreads(),
        ParallelEmbedding.calls(sentences, 8));
    report.note(String.format("embedded %d base sentences in %.1f s", sentences.size(), r.seconds()));
    return r.vectors();
  }

  private void loadTenants(VectorLoader loader, String prefix, int chunks, List<String> sentences,
      float[][] base, TenantCrypto crypto) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(2);
    List<java.util.concurrent.Future<?>> loads = new ArrayList<>();
    AtomicInteger loaded = new AtomicInteger();
    for (int t = 0; t < TENANTS; t++) {
      int tenant = t;
      loads.add(writers.submit(() -> {
        loader.load(TenantId.of(prefix + tenant), chunks / TENANTS, sentences, base, tenant, crypto);
        System.out.printf("  tenant %s%d loaded (%d/%d)%n", prefix, tenant, loaded.incrementAndGet(), TENANTS);
        return null;
      }));
    }
    for (var f : loads) {
      f.get(); // blocking-ok: benchmark main thread
    }
    writers.shutdown();
    // measured right after a bulk load, before autovacuum has looked at the new rows, the planner
    // would plan these tenants' searches without statistics
    env.analyze();
  }

  /**
   * The same corpus again for 10 more tenants, stored in clear, then 8 clients on the sealed and
   * the clear tenants in alternating order (clear, sealed, sealed, clear, ...), so that a drift
   * during the run is not credited to either side. Besides the latency, the same rounds give what
   * explains it: the database part and the opening part of each search, sampled from the
   * timings the service reports; the SQL search alone on each set; and how each set's chunk
   * partitions are stored.
   */
  private void encryptionOverhead(VectorLoader loader, int chunks, List<String> sentences, float[][] base,
      List<String> questions) throws Exception {
    report.section("encryption on vs off: /v1/search at 8 clients, alternating");
    loadTenants(loader, "bench-plain-t", chunks, sentences, base, TenantCrypto.disabled());
    List<String> sealedTokens = new ArrayList<>();
    List<String> plainTokens = new ArrayList<>();
    for (int t = 0; t < TENANTS; t++) {
      sealedTokens.add(env.token(tenant(t).value()));
      plainTokens.add(env.token("bench-plain-t" + t));
    }
    WrkLoad sealedLoad = WrkLoad.create(env.apiBase(), sealedTokens, questions);
    WrkLoad plainLoad = WrkLoad.create(env.apiBase(), plainTokens, questions);
    // both sets warm before measuring: the one loaded first must not pay for cache misses
    plainLoad.run(8, 5);
    sealedLoad.run(8, 5);
    long callsBefore = env.crypto().keyringCalls().total();
    long[] blocksBefore = blocks();
    long sealedRequests = 0;
    List<Double> on = new ArrayList<>();
    List<Double> off = new ArrayList<>();
    List<double[]> onTimings = new ArrayList<>();
    List<double[]> offTimings = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (boolean sealed : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        try (TimingSampler sampler = new TimingSampler(env.apiBase(), sealed ? sealedTokens : plainTokens,
            questions, round)) {
          WrkLoad.Result r = (sealed ? sealedLoad : plainLoad).run(8, 10);
          (sealed ? on : off).add(r.p95());
          (sealed ? onTimings : offTimings).addAll(sampler.samples());
          if (sealed) {
            sealedRequests += Math.round(r.qps() * 10);
          }
        }
      }
    }
    long[] blocksAfter = blocks();
    long hit = blocksAfter[0] - blocksBefore[0];
    long read = blocksAfter[1] - blocksBefore[1];
    report.put("db_buffer_hit_ratio_on_off_rounds", hit / (double) Math.max(1, hit + read),
        "(PostgreSQL shared buffers; below ~0.99 the comparison measures cache misses)");
    double offP95 = off.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double onP95 = on.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    report.put("search_c8_p95_ms_encryption_off", offP95, "ms (mean of 4 rounds)");
    report.put("search_c8_p95_ms_encryption_on", onP95, "ms (mean of 4 rounds)");
    report.put("encryption_p95_overhead_ms", onP95 - offP95, "ms (target ≤ 1)");
    report.put("keyring_calls_per_1000_searched_chunks", (env.crypto().keyringCalls().total() - callsBefore) * 1000.0
        / Math.max(1, sealedRequests * 10), "(10 passages per search; local keyring)");

    report.note("where the time goes, from the timings of " + offTimings.size() + " + " + onTimings.size()
        + " searches sampled during the rounds (one extra client):");
    putTimings("off", offTimings);
    putTimings("on", onTimings);

    PgChunkStore store = new PgChunkStore(env.appPool(), new PgDocumentStore(env.appPool()), env.efSearch());
    float[][] vectors = questionVectors != null ? questionVectors
        : env.embedder().embedBlocking(questions.subList(0, Math.min(200, questions.size())));
    double sqlOff = 0;
    double sqlOn = 0;
    for (int round = 0; round < 2; round++) { // clear, sealed, sealed, clear
      for (boolean sealed : round == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
        double qps = sqlAloneQps(store, sealed ? "bench-t" : "bench-plain-t", vectors, 1000);
        if (sealed) {
          sqlOn += qps / 2;
        } else {
          sqlOff += qps / 2;
        }
      }
    }
    report.put("sql_search_alone_qps_encryption_off", sqlOff, "searches/s (8 concurrent, same questions)");
    report.put("sql_search_alone_qps_encryption_on", sqlOn, "searches/s (8 concurrent, same questions)");
    for (boolean sealed : new boolean[] {false, true}) {
      long[] sizes = partitionSizes(sealed ? "bench-t" : "bench-plain-t");
      String suffix = sealed ? "_encryption_on" : "_encryption_off";
      report.put("chunk_heap_mb" + suffix, sizes[0] / 1048576.0, "MB (the 10 tenants' partitions)");
      report.put("chunk_toast_mb" + suffix, sizes[1] / 1048576.0,
          "MB (out-of-line values; embeddings there cost the search a TOAST fetch each)");
    }
  }

  /** Percentiles of the database and opening parts of the sampled searches ({@code [db, open]} each). */
  private void putTimings(String side, List<double[]> samples) {
    double[] db = samples.stream().mapToDouble(t -> t[0]).toArray();
    double[] open = samples.stream().mapToDouble(t -> t[1]).toArray();
    report.put("search_c8_db_p50_ms_encryption_" + side, Stats.percentile(db, 50), "ms (search_ms - open_ms)");
    report.put("search_c8_db_p95_ms_encryption_" + side, Stats.percentile(db, 95), "ms");
    report.put("search_c8_open_p50_ms_encryption_" + side, Stats.percentile(open, 50), "ms (open_ms)");
    report.put("search_c8_open_p95_ms_encryption_" + side, Stats.percentile(open, 95), "ms");
  }

  /** @return {@code [heap bytes, TOAST bytes]} of the chunk partitions of the tenants {@code prefix + 0..9} */
  private long[] partitionSizes(String prefix) throws Exception {
    long[] out = new long[2];
    for (int t = 0; t < TENANTS; t++) {
      TenantId tenant = TenantId.of(prefix + t);
      Row r = TenantTx.run(env.appPool(), tenant, c -> c.preparedQuery("SELECT pg_relation_size(c.oid), "
              + "coalesce(pg_relation_size(nullif(c.reltoastrelid, 0)), 0) FROM pg_class c "
              + "WHERE c.oid = (SELECT tableoid FROM chunks WHERE tenant_id = $1 LIMIT 1)")
          .execute(Tuple.of(tenant.value())))
          .map(rs -> rs.iterator().next())
          .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
      out[0] += r.getLong(0);
      out[1] += r.getLong(1);
    }
    return out;
  }

  static TenantId tenant(int i) {
    return TenantId.of("bench-t" + i);
  }

  static List<String> sentences(List<String> notes, int max) {
    List<String> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    for (String n : notes) {
      it.setText(n);
      int start = it.first();
      for (int end = it.next(); end != BreakIterator.DONE && out.size() < max; start = end, end = it.next()) {
        String s = n.substring(start, end).strip().replaceAll("\\s+", " ");
        if (s.length() > 40 && s.length() < 400) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
