package io.chartline.bench;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench query --generator bedrock}: {@code /v1/query} answered by the Claude adapter against
 * a local Bedrock endpoint that takes a fixed latency per call. In alternating rounds at 8
 * clients (search, query, query, search, ...): the p95 of {@code /v1/query} less the endpoint's
 * latency (what Chartline adds around the model: retrieval, prompt, citations, audit), the same
 * less the p95 of {@code /v1/search} under the same retrieval load (what the generator adapter
 * adds beyond retrieval), and the time to the first event of a streamed answer. The search
 * clients wait the model's latency after each answer: 8 query clients spend most of their time
 * waiting on the model, so 8 search clients without that pause would load retrieval several
 * times harder and make the difference meaningless.
 */
public final class GeneratorQueryBenchmark {

  private static final int TENANTS = 4;
  private static final int CLIENTS = 8;

  private final BenchEnvironment env;
  private final ModelEndpoint endpoint;
  private final BenchReport report = new BenchReport("query-bedrock");

  public GeneratorQueryBenchmark(BenchEnvironment env, ModelEndpoint endpoint) {
    this.env = env;
    this.endpoint = endpoint;
  }

  public void run(Path dataDir, int chunks, Duration latency, int rounds, Path resultsDir) throws Exception {
    report.section("load " + chunks + " chunks over " + TENANTS + " tenants");
    List<String> sentences = QueryBenchmark.sentences(Corpus.notes(dataDir, 400), 3000);
    float[][] base = ParallelEmbedding.run(env.embedder(), env.inferenceThreads(),
        ParallelEmbedding.calls(sentences, 8)).vectors();
    VectorLoader loader = new VectorLoader(env.appPool(), env.embedder().modelId());
    for (int t = 0; t < TENANTS; t++) {
      loader.load(tenant(t), chunks / TENANTS, sentences, base, t, env.crypto());
    }
    env.analyze();
    report.put("chunks_loaded", (chunks / TENANTS) * TENANTS, "");

    endpoint.configure(0, 0, latency);
    report.put("endpoint_latency_ms", latency.toMillis(), "ms per Converse call (no jitter)");
    List<String> questions = Corpus.questions(dataDir, 1000);
    String[] tokens = new String[TENANTS];
    for (int t = 0; t < TENANTS; t++) {
      tokens[t] = env.token(tenant(t).value());
    }
    Random rnd = new Random(7);
    int perRound = Math.max(CLIENTS * 20, (int) (CLIENTS * 8_000 / Math.max(1, latency.toMillis() + 20)));
    try (LoadGenerator load = new LoadGenerator(env.apiBase(), CLIENTS)) {
      report.section("warm-up (not measured)");
      load.run("/v1/search", CLIENTS, perRound, i -> request(tokens, questions, rnd, "query"));
      load.run("/v1/query", CLIENTS, perRound, i -> request(tokens, questions, rnd, "question"));
      streamed(tokens, questions, rnd, CLIENTS, CLIENTS * 4);

      report.section(rounds + " alternating rounds at " + CLIENTS + " clients, " + perRound + " requests each");
      endpoint.resetStats();
      List<Double> search = new ArrayList<>();
      List<Double> query = new ArrayList<>();
      int errors = 0;
      for (int round = 0; round < rounds; round++) {
        for (boolean asking : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
          LoadGenerator.Result r = asking
              ? load.run("/v1/query", CLIENTS, perRound, i -> request(tokens, questions, rnd, "question"))
              : load.run("/v1/search", CLIENTS, perRound, latency.toMillis(),
                  i -> request(tokens, questions, rnd, "query"));
          (asking ? query : search).add(Stats.percentile(r.latenciesMs(), 95));
          errors += r.errors();
        }
      }
      double searchP95 = mean(search);
      double queryP95 = mean(query);
      double model = latency.toMillis();
      report.put("search_c8_p95_ms", searchP95, "ms (mean of the rounds; each client pausing the model's latency)");
      report.put("query_c8_p95_ms", queryP95, "ms (mean of the rounds)");
      report.put("query_c8_p95_minus_latency_ms", queryP95 - model,
          "ms (retrieval + generator adapter + audit around the model call)");
      report.put("generator_overhead_c8_p95_ms", queryP95 - model - searchP95,
          "ms (beyond retrieval; target ≤ 10)");
      report.put("errors", errors, "");
      ModelEndpoint.Served served = endpoint.served();
      report.put("converse_calls", served.calls(), "");
      report.put("converse_failed_calls", served.failed() + served.throttled(), "");

      report.section("streamed answers (Accept: text/event-stream)");
      for (int clients : new int[] {1, CLIENTS}) {
        Streamed s = streamed(tokens, questions, rnd, clients, clients == 1 ? 40 : perRound);
        report.put("stream_c" + clients + "_first_event_p50_ms", Stats.percentile(s.firstEventMs(), 50), "ms");
        report.put("stream_c" + clients + "_first_event_p95_ms", Stats.percentile(s.firstEventMs(), 95), "ms");
        report.put("stream_c" + clients + "_first_event_p50_minus_latency_ms",
            Stats.percentile(s.firstEventMs(), 50) - model, "ms");
        report.put("stream_c" + clients + "_done_p95_ms", Stats.percentile(s.doneMs(), 95), "ms");
        report.put("stream_c" + clients + "_answered_pct", s.answered() * 100.0 / Math.max(1, s.doneMs().length),
            "% with a cited answer");
        report.put("stream_c" + clients + "_errors", s.errors(), "");
      }
    }
    report.finish(resultsDir);
  }

  /** Times to the first event and to the {@code done} event of streamed answers; errors; answers with citations. */
  private record Streamed(double[] firstEventMs, double[] doneMs, int errors, int answered) {
  }

  private Streamed streamed(String[] tokens, List<String> questions, Random rnd, int clients, int total)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    double[] first = new double[total];
    double[] done = new double[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      loops.add(pool.submit(() -> {
        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
          LoadGenerator.Request r = request(tokens, questions, rnd, "question");
          HttpRequest req = HttpRequest.newBuilder(URI.create(env.apiBase() + "/v1/query"))
              .header("Authorization", "Bearer " + r.token()).header("Content-Type", "application/json")
              .header("Accept", "text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(r.body().encode())).build();
          long t0 = System.nanoTime();
          HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
          double firstAt = -1;
          String last = null;
          boolean cited = false;
          try (BufferedReader lines = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              if (line.startsWith("event: ")) {
                if (firstAt < 0) {
                  firstAt = (System.nanoTime() - t0) / 1e6;
                }
                last = line.substring(7);
                cited |= last.equals("citations");
              }
            }
          }
          double end = (System.nanoTime() - t0) / 1e6;
          if (resp.statusCode() != 200 || firstAt < 0 || !"done".equals(last)) {
            errors.incrementAndGet();
            continue;
          }
          int k = ok.getAndIncrement();
          first[k] = firstAt;
          done[k] = end;
          if (cited) {
            answered.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : loops) {
      f.get(); // blocking-ok: benchmark main thread
    }
    pool.shutdown();
    int n = ok.get(); // blocking-ok: an AtomicInteger read
    return new Streamed(Arrays.copyOf(first, n), Arrays.copyOf(done, n), errors.get(),
        answered.get());
  }

  private static LoadGenerator.Request request(String[] tokens, List<String> questions, Random rnd, String field) {
    synchronized (rnd) {
      return new LoadGenerator.Request(tokens[rnd.nextInt(tokens.length)],
          new JsonObject().put(field, questions.get(rnd.nextInt(questions.size()))).put("top_k", 5));
    }
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  private static TenantId tenant(int i) {
    return TenantId.of("bench-gen-t" + i);
  }
}
