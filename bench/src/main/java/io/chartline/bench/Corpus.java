package io.chartline.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark texts: MTSamples notes (distinct ones only: {@code canonical_id == id}) and PubMedQA
 * questions when the shared data set is present; generated clinical prose otherwise.
 */
public final class Corpus {

  private Corpus() {
  }

  /** @return up to {@code n} note texts, generated ones when the data set is absent. */
  public static List<String> notes(Path dataDir, int n) throws IOException {
    Path file = dataDir == null ? null : dataDir.resolve("mtsamples").resolve("mtsamples.jsonl");
    List<String> out = new ArrayList<>();
    if (file != null && Files.exists(file)) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        while (out.size() < n && (line = r.readLine()) != null) {
          JsonObject o = new JsonObject(line);
          String text = o.getString("text");
          if (String.valueOf(o.getValue("id")).equals(String.valueOf(o.getValue("canonical_id")))
              && text != null && text.strip().length() > 200) {
            out.add(text);
          }
        }
      }
      System.out.println("  corpus: " + out.size() + " MTSamples notes");
      return out;
    }
    System.out.println("  corpus: shared data absent, using " + n + " generated notes");
    Random rnd = new Random(42);
    for (int i = 0; i < n; i++) {
      out.add(generated(rnd, 40 + rnd.nextInt(60)));
    }
    return out;
  }

  /** @return up to {@code n} distinct questions (PubMedQA when present, generated otherwise). */
  public static List<String> questions(Path dataDir, int n) throws IOException {
    Path file = dataDir == null ? null : dataDir.resolve("pubmedqa").resolve("queries.jsonl");
    List<String> out = new ArrayList<>();
    if (file != null && Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (out.size() >= n) {
          break;
        }
        out.add(new JsonObject(line).getString("query"));
      }
    }
    Random rnd = new Random(7);
    while (out.size() < n) {
      out.add("What was the " + WORDS[rnd.nextInt(WORDS.length)] + " finding for " + WORDS[rnd.nextInt(WORDS.length)]
          + " on day " + (1 + rnd.nextInt(30)) + "?");
    }
    return out;
  }

  private static final String[] WORDS = {"cardiac", "renal", "hepatic", "pulmonary", "neurological", "wound",
      "haemoglobin", "creatinine", "glucose", "blood pressure", "oxygen saturation", "pain", "mobility",
      "medication", "antibiotic", "anticoagulation", "imaging", "radiograph", "ultrasound", "biopsy"};

  static String generated(Random rnd, int sentences) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      sb.append("The ").append(WORDS[rnd.nextInt(WORDS.length)]).append(" assessment on day ").append(i + 1)
          .append(" showed ").append(WORDS[rnd.nextInt(WORDS.length)]).append(" changes, and the team planned ")
          .append(WORDS[rnd.nextInt(WORDS.length)]).append(" review. ");
    }
    return sb.toString();
  }
}
