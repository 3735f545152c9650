package io.chartline.bench;

import io.chartline.common.store.ChunkStore.Passage;
import io.chartline.pg.PgDocumentStore;
import io.chartline.pg.PgChunkStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench answers}: calibrates the answer threshold on PubMedQA. In each of a few random
 * splits, half of a sample of questions have their abstract indexed (answerable); the other half
 * have it held out, so that only distractors can be found (unanswerable). The abstracts are
 * chunked by the pipeline's chunker, embedded by the node's own model, stored through the real
 * upsert and searched as {@code /v1/query} searches; the best passage's score of each question,
 * pooled over the splits, gives precision and recall of {@code answered} at each threshold. A
 * sample of questions is finally asked through {@code /v1/query} itself, which must agree.
 */
public final class AnswerBenchmark {

  static final String TENANT_PREFIX = "bench-answers-s";
  static final int TOP_K = 10;

  private final BenchEnvironment env;
  private final BenchReport report = new BenchReport("answers");

  public AnswerBenchmark(BenchEnvironment env) {
    this.env = env;
  }

  /** A labelled question: its text and the abstracts that answer it. */
  record Question(String id, String text, Set<String> relevant) {
  }

  /** What the search found for one question. */
  record Found(Question question, boolean answerable, double best, boolean top1Relevant, boolean relevantInTopK) {
  }

  /** @return true when {@code dir} holds the retrieval view ({@code corpus.jsonl}, {@code queries.jsonl}) */
  public static boolean present(Path dir) {
    return dir != null && Files.isRegularFile(dir.resolve("corpus.jsonl"))
        && Files.isRegularFile(dir.resolve("queries.jsonl"));
  }

  /**
   * Runs the calibration: {@code splits} random splits of {@code questions} questions each (half
   * answerable), each indexed as its own tenant, pooled. Blocking (benchmark main thread).
   */
  public void run(Path dir, int questions, int splits, Path resultsDir) throws Exception {
    report.section("labelled set: PubMedQA retrieval view");
    Map<String, String> corpus = corpus(dir.resolve("corpus.jsonl"));
    List<Question> all = questions(dir.resolve("queries.jsonl"), corpus.keySet());
    report.put("abstracts_in_corpus", corpus.size(), "");
    report.put("questions_labelled", all.size(), "");
    report.put("splits", splits, "(each: its own sample, held-out set and tenant)");

    report.section("chunk and embed every abstract once (the pipeline's chunker, the node's model)");
    Embedded embedded = embed(corpus);
    Map<String, UUID> docIds = new LinkedHashMap<>();
    corpus.keySet().forEach(id -> docIds.put(id,
        UUID.nameUUIDFromBytes(("pubmedqa:" + id).getBytes(StandardCharsets.UTF_8))));

    List<Found> found = new ArrayList<>();
    List<Found> firstSplit = null;
    List<Double> perSplit = new ArrayList<>();
    for (int split = 0; split < splits; split++) {
      List<Question> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, new Random(42 + split));
      List<Question> sample = shuffled.subList(0, Math.min(questions, shuffled.size()));
      List<Question> answerable = new ArrayList<>(sample.subList(0, sample.size() / 2));
      List<Question> unanswerable = sample.subList(sample.size() / 2, sample.size());
      Set<String> heldOut = new HashSet<>();
      unanswerable.forEach(q -> heldOut.addAll(q.relevant()));
      answerable.removeIf(q -> q.relevant().stream().anyMatch(heldOut::contains));
      List<String> indexed = new ArrayList<>(corpus.keySet());
      indexed.removeAll(heldOut);
      TenantId tenant = TenantId.of(TENANT_PREFIX + split);
      report.section("split " + (split + 1) + "/" + splits + ": " + answerable.size() + " answerable, "
          + unanswerable.size() + " unanswerable questions; " + indexed.size() + " abstracts indexed, "
          + heldOut.size() + " held out");
      load(tenant, indexed, embedded, docIds);
      List<Found> splitFound = new ArrayList<>();
      splitFound.addAll(search(tenant, answerable, true, docIds));
      splitFound.addAll(search(tenant, unanswerable, false, docIds));
      AnswerCalibration.Choice c = AnswerCalibration.choose(AnswerCalibration.sweep(scores(splitFound, true),
          scores(splitFound, false)));
      report.put("split" + (split + 1) + "_chosen_threshold", c.point().threshold(),
          "(this split alone; precision " + Stats.round(c.point().precision(), 3) + ", recall "
              + Stats.round(c.point().recall(), 3) + ")");
      perSplit.add(c.point().threshold());
      found.addAll(splitFound);
      if (firstSplit == null) {
        firstSplit = splitFound;
      }
    }

    report.section("best-passage score per question, all splits pooled (same search as /v1/query)");
    double[] pos = scores(found, true);
    double[] neg = scores(found, false);
    report.put("questions_answerable", pos.length, "(relevant abstract indexed)");
    report.put("questions_unanswerable", neg.length, "(relevant abstract held out, distractors indexed)");
    for (int p : new int[] {5, 25, 50, 75, 95}) {
      report.put("answerable_best_score_p" + p, Stats.percentile(pos, p), "");
    }
    for (int p : new int[] {5, 25, 50, 75, 95, 100}) {
      report.put("unanswerable_best_score_p" + p, Stats.percentile(neg, p), "");
    }
    long top1 = found.stream().filter(f -> f.answerable() && f.top1Relevant()).count();
    long topK = found.stream().filter(f -> f.answerable() && f.relevantInTopK()).count();
    report.put("answerable_relevant_is_top1", (double) top1 / Math.max(1, pos.length), "(share of answerable)");
    report.put("answerable_relevant_in_top" + TOP_K, (double) topK / Math.max(1, pos.length), "");

    calibrate(pos, neg, found);
    report.put("split_thresholds_min", perSplit.stream().mapToDouble(Double::doubleValue).min().orElse(0), "");
    report.put("split_thresholds_max", perSplit.stream().mapToDouble(Double::doubleValue).max().orElse(0), "");
    apiAgreement(TenantId.of(TENANT_PREFIX + 0), firstSplit);
    report.finish(resultsDir);
  }

  private static double[] scores(List<Found> found, boolean answerable) {
    return found.stream().filter(f -> f.answerable() == answerable).mapToDouble(Found::best).toArray();
  }

  private void calibrate(double[] pos, double[] neg, List<Found> found) {
    report.section("precision / recall of answered (answered = best passage >= threshold)");
    List<AnswerCalibration.Point> sweep = AnswerCalibration.sweep(pos, neg);
    report.note(String.format("%-9s %9s %7s %7s %8s %8s", "threshold", "precision", "recall", "f1", "answered",
        "wrongly"));
    JsonArray table = new JsonArray();
    for (AnswerCalibration.Point p : sweep) {
      table.add(new JsonObject().put("threshold", p.threshold()).put("precision", Stats.round(p.precision(), 4))
          .put("recall", Stats.round(p.recall(), 4)).put("f1", Stats.round(p.f1(), 4))
          .put("tp", p.truePositives()).put("fp", p.falsePositives()));
      long hundredths = Math.round(p.threshold() * 100);
      if (hundredths >= 20 && hundredths <= 80 && hundredths % 5 == 0) {
        report.note(String.format("%9.2f %9.3f %7.3f %7.3f %8d %8d", p.threshold(), p.precision(), p.recall(),
            p.f1(), p.truePositives() + p.falsePositives(), p.falsePositives()));
      }
    }
    report.putQuietly("sweep", table);
    AnswerCalibration.Choice choice = AnswerCalibration.choose(sweep);
    report.put("rule", "lowest threshold with precision >= " + AnswerCalibration.MIN_PRECISION
        + " (highest recall under that precision)", "");
    report.put("rule_met", choice.meetsPrecisionRule(), "");
    report.put("chosen_threshold", choice.point().threshold(), "");
    report.put("chosen_precision", choice.point().precision(), "");
    report.put("chosen_recall", choice.point().recall(), "");
    report.put("chosen_f1", choice.point().f1(), "");
    double t = choice.point().threshold();
    long answeredRight = found.stream().filter(f -> f.answerable() && f.best() >= t && f.top1Relevant()).count();
    report.put("chosen_answered_with_relevant_top1", (double) answeredRight / Math.max(1, pos.length),
        "(share of answerable: answered, and the best passage is from the right abstract)");
    report.put("best_f1_threshold", choice.bestF1().threshold(), "");
    report.put("best_f1", choice.bestF1().f1(), "(precision " + Stats.round(choice.bestF1().precision(), 3)
        + ", recall " + Stats.round(choice.bestF1().recall(), 3) + ")");
    AnswerCalibration.Point current = sweep.get((int) Math.round(env.answerThreshold() * 100));
    report.put("node_threshold", env.answerThreshold(), "(CHARTLINE_QUERY_MIN_SCORE of the node measured)");
    report.put("node_threshold_precision", current.precision(), "");
    report.put("node_threshold_recall", current.recall(), "");
  }

  /**
   * Asks a sample of the questions through {@code /v1/query}: the node's {@code answered} must be
   * what its threshold gives on the scores measured here, and every marker must name a citation.
   */
  private void apiAgreement(TenantId tenant, List<Found> found) throws Exception {
    report.section("the same questions through /v1/query (node threshold " + env.answerThreshold() + ")");
    List<Found> sample = new ArrayList<>();
    for (boolean answerable : new boolean[] {true, false}) {
      found.stream().filter(f -> f.answerable() == answerable).limit(50).forEach(sample::add);
    }
    String token = env.token(tenant.value());
    int agree = 0;
    int markerMismatches = 0;
    int errors = 0;
    try (PlainHttpClient http = new PlainHttpClient(env.apiBase())) {
      for (Found f : sample) {
        PlainHttpClient.Response r = http.post("/v1/query", "application/json", token, Map.of(),
            new JsonObject().put("question", f.question().text()).encode().getBytes(StandardCharsets.UTF_8));
        if (r.status() != 200) {
          errors++;
          continue;
        }
        JsonObject reply = new JsonObject(r.body());
        boolean expected = f.best() >= env.answerThreshold();
        agree += reply.getBoolean("answered") == expected ? 1 : 0;
        markerMismatches += MarkerCheck.consistent(reply) ? 0 : 1;
      }
    }
    report.put("api_questions", sample.size(), "");
    report.put("api_errors", errors, "(non-200 replies)");
    report.put("api_answered_agreement", (double) agree / Math.max(1, sample.size()),
        "(answered == best score >= node threshold; target 1.0)");
    report.put("api_marker_citation_mismatches", markerMismatches, "(replies with a marker and citations disagreeing)");
  }

  /** Each abstract's chunks and their vectors. */
  record Embedded(Map<String, List<String>> chunks, Map<String, List<float[]>> vectors) {
  }

  private Embedded embed(Map<String, String> corpus) throws Exception {
    List<String> ids = new ArrayList<>(corpus.keySet());
    Map<String, List<String>> chunks = new LinkedHashMap<>();
    List<List<String>> calls = new ArrayList<>();
    int total = 0;
    for (String id : ids) {
      List<String> c = env.chunk(corpus.get(id));
      chunks.put(id, c);
      calls.addAll(ParallelEmbedding.calls(c, env.chunksPerRecord()));
      total += c.size();
    }
    ParallelEmbedding.Result r = ParallelEmbedding.run(env.embedder(), env.inferenceThreads(), calls);
    Map<String, List<float[]>> vectors = new LinkedHashMap<>();
    int v = 0;
    for (String id : ids) {
      List<float[]> own = new ArrayList<>();
      for (int i = 0; i < chunks.get(id).size(); i++) {
        own.add(r.vectors()[v++]);
      }
      vectors.put(id, own);
    }
    report.put("chunks", total, String.format("(%.2f a abstract; embedded in %.1f s)", (double) total / ids.size(),
        r.seconds()));
    return new Embedded(chunks, vectors);
  }

  /** Stores {@code ids} as indexed documents of {@code tenant} (sealed when the node seals), then analyses. */
  private void load(TenantId tenant, List<String> ids, Embedded embedded, Map<String, UUID> docIds)
      throws Exception {
    long t0 = System.nanoTime();
    VectorLoader loader = new VectorLoader(env.appPool(), env.embedder().modelId());
    loader.ensureTenant(tenant);
    for (String id : ids) {
      loader.insertDocument(tenant, docIds.get(id), "PubMed " + id, embedded.chunks().get(id),
          embedded.vectors().get(id), env.crypto());
    }
    env.analyze();
    report.put("load_seconds", (System.nanoTime() - t0) / 1e9, "s (store " + ids.size() + " abstracts)");
  }

  private List<Found> search(TenantId tenant, List<Question> questions, boolean answerable,
      Map<String, UUID> docIds) throws Exception {
    List<String> texts = questions.stream().map(Question::text).toList();
    float[][] vectors = ParallelEmbedding.run(env.embedder(), env.inferenceThreads(),
        ParallelEmbedding.calls(texts, 8)).vectors();
    PgChunkStore store = new PgChunkStore(env.appPool(), new PgDocumentStore(env.appPool()), env.efSearch());
    List<Found> out = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      Question q = questions.get(i);
      List<Passage> passages = store.search(tenant, vectors[i], TOP_K).toCompletionStage().toCompletableFuture()
          .get(1, TimeUnit.MINUTES); // blocking-ok: benchmark main thread
      Set<UUID> relevant = new HashSet<>();
      q.relevant().forEach(r -> {
        if (docIds.containsKey(r)) {
          relevant.add(docIds.get(r));
        }
      });
      double best = passages.stream().mapToDouble(Passage::score).max().orElse(-1);
      boolean top1 = !passages.isEmpty() && relevant.contains(passages.get(0).documentId());
      boolean inTopK = passages.stream().anyMatch(p -> relevant.contains(p.documentId()));
      out.add(new Found(q, answerable, best, top1, inTopK));
    }
    return out;
  }

  static Map<String, String> corpus(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject o = new JsonObject(line);
      String text = o.getString("text", "");
      if (!text.isBlank()) {
        out.put(o.getString("doc_id"), text);
      }
    }
    return out;
  }

  /** @return the questions whose relevant abstracts are all in the corpus, in file order */
  static List<Question> questions(Path file, Set<String> corpus) throws IOException {
    List<Question> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject o = new JsonObject(line);
      Set<String> relevant = new HashSet<>();
      o.getJsonArray("relevant_doc_ids", new JsonArray()).forEach(r -> relevant.add(String.valueOf(r)));
      if (!relevant.isEmpty() && corpus.containsAll(relevant)) {
        out.add(new Question(o.getString("query_id"), o.getString("query"), relevant));
      }
    }
    return out;
  }
}
