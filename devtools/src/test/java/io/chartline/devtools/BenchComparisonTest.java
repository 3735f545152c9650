package io.chartline.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchComparisonTest {

  @TempDir
  Path dir;

  private void write(String side, String file, JsonObject figures) throws Exception {
    Files.createDirectories(dir.resolve(side));
    Files.writeString(dir.resolve(side).resolve(file), figures.encode() + "\n");
  }

  private JsonObject summary() throws Exception {
    Path out = dir.resolve("out");
    assertThat(BenchComparison.run(dir, out)).isZero();
    try (Stream<Path> files = Files.list(out)) {
      return new JsonObject(Files.readString(files.findFirst().orElseThrow()).strip());
    }
  }

  @Test
  void eachSideIsTheMeanOfItsRunsAndTheRatioIsCurrentOverBaseline() throws Exception {
    write("baseline", "query-1.json", new JsonObject().put("benchmark", "query").put("search_c8_p95_ms", 10.0));
    write("baseline", "query-2.json", new JsonObject().put("benchmark", "query").put("search_c8_p95_ms", 14.0));
    write("current", "query-1.json", new JsonObject().put("benchmark", "query").put("search_c8_p95_ms", 13.2));
    JsonObject s = summary();
    assertThat(s.getDouble("query_search_c8_p95_ms_baseline")).isEqualTo(12.0);
    assertThat(s.getDouble("query_search_c8_p95_ms_current")).isEqualTo(13.2);
    assertThat(s.getDouble("query_search_c8_p95_ms_current_to_baseline")).isEqualTo(1.1);
  }

  @Test
  void aFigureMissingOnOneSideIsLeftOutAndOtherBenchmarksFilesAreNotRead() throws Exception {
    write("baseline", "ingest-1.json", new JsonObject().put("benchmark", "ingest").put("pipeline_to_model_ratio", 0.9));
    write("current", "ingest-1.json", new JsonObject().put("benchmark", "ingest").put("pipeline_to_model_ratio", 0.9));
    write("current", "query-1.json", new JsonObject().put("benchmark", "query").put("recall_at_10", 0.99));
    write("current", "ingest-r1.log", new JsonObject().put("benchmark", "ingest").put("pipeline_to_model_ratio", 5));
    JsonObject s = summary();
    assertThat(s.getDouble("ingest_pipeline_to_model_ratio_current_to_baseline")).isEqualTo(1.0);
    assertThat(s.containsKey("query_recall_at_10_current")).isFalse();
  }
}
