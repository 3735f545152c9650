package io.chartline.devstack.bedrock;

import java.util.List;

/**
 * What the model answers: parts of text, each cited or not, whose concatenation is the answer.
 *
 * @param parts        the content blocks, in order
 * @param outputTokens the token estimate of the answer
 * @param stopReason   {@code end_turn}, or {@code max_tokens} when the answer was cut
 */
record Answer(List<Part> parts, int outputTokens, String stopReason) {

  Answer {
    parts = List.copyOf(parts);
  }

  /** The whole answer text. */
  String text() {
    StringBuilder out = new StringBuilder();
    parts.forEach(part -> out.append(part.text()));
    return out.toString();
  }

  /** True when some part is cited. */
  boolean cites() {
    return parts.stream().anyMatch(part -> part.citation() != null);
  }

  /**
   * A content block.
   *
   * @param text     the generated text
   * @param citation where it comes from, or null for text of the model's own
   */
  record Part(String text, Citation citation) {
  }

  /**
   * A citation as Bedrock reports it.
   *
   * @param documentIndex the cited document's position in the request
   * @param title         the document's name
   * @param sourceText    the cited text (the sentence, or the whole cited chunk)
   * @param byChunk       true for a {@code documentChunk} location, false for {@code documentChar}
   * @param start         first character (or chunk) cited
   * @param end           one past the last character (or chunk) cited
   */
  record Citation(int documentIndex, String title, String sourceText, boolean byChunk, int start, int end) {
  }
}
