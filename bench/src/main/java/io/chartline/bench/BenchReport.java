package io.chartline.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Prints figures as they are measured and ends with one JSON line holding all of them, which is
 * also written under the results directory.
 */
public final class BenchReport {

  private final String name;
  private final JsonObject figures = new JsonObject();

  public BenchReport(String name) {
    this.name = name;
    figures.put("benchmark", name).put("started_at", Instant.now().toString())
        .put("cores", Runtime.getRuntime().availableProcessors());
  }

  public void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  /** Records and prints one figure. */
  public void put(String key, Object value, String unit) {
    Object v = value instanceof Double d ? Stats.round(d, 3) : value;
    figures.put(key, v);
    System.out.printf("  %-44s %s%s%n", key, v, unit == null || unit.isEmpty() ? "" : " " + unit);
  }

  /** Records a figure in the JSON line without printing it (already printed in another form). */
  public void putQuietly(String key, Object value) {
    figures.put(key, value);
  }

  public void note(String text) {
    System.out.println("  " + text);
  }

  /** Prints the JSON line and writes it to {@code resultsDir}; returns the file written. */
  public Path finish(Path resultsDir) throws IOException {
    figures.put("finished_at", Instant.now().toString());
    String json = figures.encode();
    Files.createDirectories(resultsDir);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path file = resultsDir.resolve(name + "-" + stamp + ".json");
    Files.writeString(file, json + "\n");
    System.out.println();
    System.out.println(json);
    return file;
  }
}
