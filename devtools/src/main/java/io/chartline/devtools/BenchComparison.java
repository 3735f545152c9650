package io.chartline.devtools;

import io.chartline.bench.BenchReport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bench compare-summary --dir DIR}: the figures of alternating runs of the same benchmarks
 * on two builds, {@code DIR/baseline} and {@code DIR/current} (one JSON line per run, as
 * {@link BenchReport} writes them), side by side: the mean of each side and their ratio. The runs
 * alternate (baseline, current, current, baseline, ...), so a drift of the machine during the
 * comparison weighs on both sides alike.
 */
final class BenchComparison {

  /** The figures compared, per benchmark, with what "better" means and the bound the change must hold. */
  private record Figure(String benchmark, String key, String meaning) {
  }

  private static final List<Figure> FIGURES = List.of(
      new Figure("ingest", "pipeline_to_model_ratio", "higher is better; must not fall"),
      new Figure("ingest", "pipeline_chunks_per_s_encryption_on", "chunks/s, higher is better"),
      new Figure("ingest", "encryption_overhead_pct", "%, lower is better"),
      new Figure("query", "search_c8_p95_ms", "ms, lower is better; within 10 %"),
      new Figure("query", "search_c1_p50_ms", "ms, lower is better"),
      new Figure("query", "saturation_qps", "req/s, higher is better"),
      new Figure("query", "recall_at_10", "must stay ≥ 0.95"));

  private BenchComparison() {
  }

  static int run(Path dir, Path results) throws IOException {
    BenchReport report = new BenchReport("compare");
    for (Figure f : FIGURES) {
      List<Double> baseline = values(dir.resolve("baseline"), f);
      List<Double> current = values(dir.resolve("current"), f);
      if (baseline.isEmpty() || current.isEmpty()) {
        continue;
      }
      report.section(f.benchmark() + " " + f.key() + " (" + f.meaning() + ")");
      double b = mean(baseline);
      double c = mean(current);
      report.note("baseline runs " + baseline + ", current runs " + current);
      report.put(f.benchmark() + "_" + f.key() + "_baseline", b, "(mean of " + baseline.size() + ")");
      report.put(f.benchmark() + "_" + f.key() + "_current", c, "(mean of " + current.size() + ")");
      report.put(f.benchmark() + "_" + f.key() + "_current_to_baseline", c / b, "");
    }
    report.finish(results);
    return 0;
  }

  private static List<Double> values(Path side, Figure f) throws IOException {
    List<Double> out = new ArrayList<>();
    if (!Files.isDirectory(side)) {
      return out;
    }
    try (Stream<Path> files = Files.list(side)) {
      for (Path p : files.filter(x -> isResult(x, f.benchmark())).sorted().toList()) {
        JsonObject o = new JsonObject(Files.readString(p).strip());
        Object v = o.getValue(f.key());
        if (f.benchmark().equals(o.getString("benchmark")) && v instanceof Number n) {
          out.add(n.doubleValue());
        }
      }
    }
    return out;
  }

  /** A result file of {@code benchmark}: {@code <benchmark>-<time>.json}, as {@link BenchReport#finish} names it. */
  private static boolean isResult(Path file, String benchmark) {
    String name = file.getFileName().toString();
    return name.startsWith(benchmark + "-") && name.endsWith(".json");
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
