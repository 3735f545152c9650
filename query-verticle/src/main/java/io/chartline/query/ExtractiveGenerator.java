package io.chartline.query;

import io.chartline.common.generate.Generator;
import io.chartline.common.store.ChunkStore.Passage;
import io.vertx.core.Future;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Answers with the best sentences of the retrieved passages, no LLM: each sentence is scored by
 * its passage's similarity and by how many of the question's content words it contains; the top
 * sentences are returned in document order, each followed by the marker {@code [n]} of the
 * passage it came from (the {@link Generator} citation contract). Which passages are good enough
 * to answer from is the caller's decision: every passage given may be quoted.
 */
public final class ExtractiveGenerator implements Generator {

  private static final Set<String> STOP = Set.of("the", "and", "for", "are", "was", "were", "with", "what", "which",
      "who", "whom", "when", "where", "why", "how", "does", "did", "has", "have", "had", "this", "that", "these",
      "those", "from", "into", "any", "all", "there", "their", "its", "is", "of", "to", "in", "on", "a", "an",
      "be", "by", "or", "as", "at", "it", "patient", "patients", "pt");

  private final int maxSentences;

  /** @param maxSentences the most sentences an answer quotes (at least 1) */
  public ExtractiveGenerator(int maxSentences) {
    if (maxSentences < 1) {
      throw new IllegalArgumentException("maxSentences must be at least 1");
    }
    this.maxSentences = maxSentences;
  }

  @Override
  public String id() {
    return "extractive-v1";
  }

  private record Candidate(int passage, int order, String sentence, double score) {
  }

  @Override
  public Future<Answer> answer(String question, List<Passage> passages) {
    Set<String> terms = terms(question);
    List<Candidate> candidates = new ArrayList<>();
    int order = 0;
    for (int p = 0; p < passages.size(); p++) {
      Passage passage = passages.get(p);
      for (String s : sentences(passage.content())) {
        Set<String> words = terms(s);
        long overlap = terms.stream().filter(words::contains).count();
        double lexical = terms.isEmpty() ? 0 : (double) overlap / terms.size();
        double shape = headingLike(s) ? 0.5 : 1.0;
        candidates.add(new Candidate(p, order++, s, shape * (passage.score() * (0.5 + lexical)
            + (overlap > 0 ? 0.05 : 0))));
      }
    }
    if (candidates.isEmpty()) {
      return Future.succeededFuture(new Answer(""));
    }
    candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
    // Overlapping chunks repeat sentences: keep each sentence once, from its best passage.
    List<Candidate> chosen = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Candidate c : candidates) {
      if (chosen.size() < maxSentences && seen.add(c.sentence().toLowerCase(Locale.ROOT))) {
        chosen.add(c);
      }
    }
    chosen.sort(Comparator.comparingInt(Candidate::order));
    StringBuilder text = new StringBuilder();
    for (Candidate c : chosen) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(c.sentence()).append(" [").append(c.passage() + 1).append(']');
    }
    return Future.succeededFuture(new Answer(text.toString()));
  }

  /** Section headings and letterheads (mostly capitals) rarely answer anything. */
  static boolean headingLike(String s) {
    int letters = 0;
    int upper = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        upper += Character.isUpperCase(c) ? 1 : 0;
      }
    }
    return letters > 0 && upper * 2 > letters;
  }

  static Set<String> terms(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() < 3 || STOP.contains(w)) {
        continue;
      }
      out.add(w.length() > 4 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
    }
    return out;
  }

  /**
   * The sentences of {@code text}, whitespace collapsed. Bracketed numbers in the source (reference
   * markers of a paper, list labels) become parenthesised, so the only {@code [n]} in an answer are
   * its citation markers.
   */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      for (String line : text.substring(start, end).split("\\n\\s*\\n")) {
        String s = Generator.neutralise(line.strip().replaceAll("\\s+", " "));
        if (s.length() >= 12) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
