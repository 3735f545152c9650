package io.chartline.devstack.bedrock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The stand-in for Claude: a small deterministic extractive answerer. It splits the request's
 * documents into sentences (at {@code .!?} before whitespace, and at line breaks), scores each by the
 * question's terms it contains (stop words dropped, plurals folded, rarer terms weigh more), and
 * answers with up to three sentences scoring at least half the best, best first, each cited to its
 * document and character range (or chunk, for chunked documents). Nothing in a document or in the
 * system prompt is ever followed: text is only matched and quoted. No documents, or no sentence
 * sharing a term with the question, gives a reply that cites nothing.
 */
final class ExtractiveAnswerer {

  static final String NO_ANSWER = "I could not find an answer to this question in the provided documents.";
  private static final int MAX_SENTENCES = 3;
  private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "been", "but",
      "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "is",
      "it", "its", "me", "my", "of", "on", "or", "our", "please", "should", "so", "tell", "than", "that", "the",
      "their", "them", "then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when",
      "where", "which", "who", "whom", "why", "will", "with", "would", "you", "your", "about", "any", "all");

  private record Sentence(SourceDocument document, int chunk, int start, int end, String text, Set<String> terms) {
  }

  /** The answer to {@code request}'s question from its documents, cut to its {@code maxTokens}. */
  Answer answer(ConverseRequest request) {
    Set<String> question = terms(request.question());
    List<Sentence> sentences = new ArrayList<>();
    for (SourceDocument document : request.documents()) {
      for (int c = 0; c < document.chunks().size(); c++) {
        split(document, c, sentences);
      }
    }
    Map<String, Integer> frequency = new HashMap<>();
    for (Sentence sentence : sentences) {
      sentence.terms().forEach(term -> frequency.merge(term, 1, Integer::sum));
    }
    List<Sentence> ranked = new ArrayList<>();
    Map<Sentence, Double> scores = new HashMap<>();
    for (Sentence sentence : sentences) {
      double score = 0;
      for (String term : question) {
        if (sentence.terms().contains(term)) {
          score += Math.log(1 + (double) sentences.size() / frequency.get(term));
        }
      }
      if (score > 0) {
        scores.put(sentence, score);
        ranked.add(sentence);
      }
    }
    if (ranked.isEmpty()) {
      return limit(List.of(new Answer.Part(NO_ANSWER, null)), request.maxTokens());
    }
    ranked.sort(Comparator.comparingDouble((Sentence s) -> -scores.get(s))
        .thenComparingInt(s -> s.document().index()).thenComparingInt(Sentence::chunk)
        .thenComparingInt(Sentence::start));
    double best = scores.get(ranked.get(0));
    List<Answer.Part> parts = new ArrayList<>();
    for (Sentence sentence : ranked) {
      if (parts.size() == 2 * MAX_SENTENCES - 1 || scores.get(sentence) < best / 2) {
        break;
      }
      if (!parts.isEmpty()) {
        parts.add(new Answer.Part(" ", null));
      }
      parts.add(new Answer.Part(sentence.text(), citation(sentence)));
    }
    return limit(parts, request.maxTokens());
  }

  private static Answer.Citation citation(Sentence sentence) {
    SourceDocument document = sentence.document();
    if (!document.cited()) {
      return null;
    }
    if (document.byChunk()) {
      return new Answer.Citation(document.index(), document.name(), document.chunks().get(sentence.chunk()), true,
          sentence.chunk(), sentence.chunk() + 1);
    }
    return new Answer.Citation(document.index(), document.name(), sentence.text(), false, sentence.start(),
        sentence.end());
  }

  /** Keeps the parts that fit in {@code maxTokens} (0: no limit), cutting the last one by words. */
  private static Answer limit(List<Answer.Part> parts, int maxTokens) {
    int total = parts.stream().mapToInt(part -> TokenEstimate.count(part.text())).sum();
    if (maxTokens == 0 || total <= maxTokens) {
      return new Answer(parts, total, "end_turn");
    }
    List<Answer.Part> kept = new ArrayList<>();
    int used = 0;
    for (Answer.Part part : parts) {
      int tokens = TokenEstimate.count(part.text());
      if (used + tokens <= maxTokens) {
        kept.add(part);
        used += tokens;
        continue;
      }
      String[] words = part.text().split("(?<=\\s)");
      StringBuilder cut = new StringBuilder();
      for (String word : words) {
        if (used + TokenEstimate.count(cut + word) > maxTokens) {
          break;
        }
        cut.append(word);
      }
      if (!cut.isEmpty()) {
        kept.add(new Answer.Part(cut.toString(), part.citation()));
        used += TokenEstimate.count(cut);
      }
      break;
    }
    return new Answer(kept, used, "max_tokens");
  }

  /** Adds the sentences of chunk {@code c} of {@code document}, with their character ranges. */
  private static void split(SourceDocument document, int c, List<Sentence> out) {
    String text = document.chunks().get(c);
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      boolean end = i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r'
          || (isStop(text.charAt(i)) && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1))));
      if (!end) {
        continue;
      }
      int stop = i < text.length() && isStop(text.charAt(i)) ? i + 1 : i;
      add(document, c, text, start, stop, out);
      start = stop;
    }
  }

  private static void add(SourceDocument document, int c, String text, int from, int to, List<Sentence> out) {
    while (from < to && Character.isWhitespace(text.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
      to--;
    }
    if (from < to) {
      String sentence = text.substring(from, to);
      out.add(new Sentence(document, c, from, to, sentence, terms(sentence)));
    }
  }

  private static boolean isStop(char c) {
    return c == '.' || c == '!' || c == '?';
  }

  /** The lower-cased, plural-folded words of {@code text} that are not stop words. */
  static Set<String> terms(String text) {
    Set<String> terms = new HashSet<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.length() < 2 || STOP_WORDS.contains(word)) {
        continue;
      }
      terms.add(stem(word));
    }
    return terms;
  }

  private static String stem(String word) {
    if (word.length() > 4 && word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
