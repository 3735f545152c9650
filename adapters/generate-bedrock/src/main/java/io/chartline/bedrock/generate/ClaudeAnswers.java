package io.chartline.bedrock.generate;

import io.chartline.common.generate.Generator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.bedrockruntime.model.Citation;
import software.amazon.awssdk.services.bedrockruntime.model.CitationGeneratedContent;
import software.amazon.awssdk.services.bedrockruntime.model.CitationLocation;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentChunkLocation;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * Turns Claude's output into the {@link Generator} citation contract. The model's own text has its
 * square brackets made round, so nothing it writes (or copies from a passage) reads as a marker;
 * each native citation becomes the markers {@code [n]} of the passages its {@code documentChunk}
 * range covers, after the text it supports. A citation naming another document, a chunk outside
 * the passages given, or a location of another kind is dropped: it cannot be bound to a chunk.
 */
final class ClaudeAnswers {

  private ClaudeAnswers() {
  }

  /** @return whether the stop reason means the model declined (a guardrail or its content filter) */
  static boolean refusal(StopReason reason) {
    return reason == StopReason.GUARDRAIL_INTERVENED || reason == StopReason.CONTENT_FILTERED;
  }

  /**
   * @param passages how many passages the request gave
   * @throws ClaudeException {@code MALFORMED} when the response has no message
   */
  static Generator.Answer of(ConverseResponse response, int passages) {
    if (refusal(response.stopReason())) {
      return new Generator.Answer("", true);
    }
    if (response.output() == null || response.output().message() == null
        || response.output().message().content() == null) {
      throw ClaudeException.malformed();
    }
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : response.output().message().content()) {
      if (block.text() != null) {
        text.append(modelText(block.text()));
      } else if (block.citationsContent() != null) {
        List<CitationGeneratedContent> parts = block.citationsContent().content();
        if (parts != null) {
          for (CitationGeneratedContent part : parts) {
            text.append(modelText(part.text()));
          }
        }
        Set<Integer> cited = new LinkedHashSet<>();
        if (block.citationsContent().citations() != null) {
          for (Citation c : block.citationsContent().citations()) {
            cited.addAll(chunks(c.location(), passages));
          }
        }
        text.append(markers(cited));
      }
    }
    return new Generator.Answer(text.toString());
  }

  /** Model text with square brackets made round. */
  static String modelText(String text) {
    return text == null ? "" : text.replace('[', '(').replace(']', ')');
  }

  /**
   * The 0-based passages a location covers: chunks {@code start} up to, not including, {@code end}
   * (a range with {@code end <= start} is the chunk {@code start}), in the first document only.
   */
  static Set<Integer> chunks(CitationLocation location, int passages) {
    Set<Integer> out = new LinkedHashSet<>();
    DocumentChunkLocation chunk = location == null ? null : location.documentChunk();
    if (chunk == null || chunk.start() == null || (chunk.documentIndex() != null && chunk.documentIndex() != 0)) {
      return out;
    }
    int start = chunk.start();
    int end = chunk.end() == null || chunk.end() <= start ? start + 1 : chunk.end();
    for (int i = Math.max(0, start); i < Math.min(end, passages); i++) {
      out.add(i);
    }
    return out;
  }

  /** @return {@code " [1][3]"} for passages 0 and 2, or "" */
  static String markers(Set<Integer> passages) {
    StringBuilder out = new StringBuilder();
    for (int p : passages) {
      out.append('[').append(p + 1).append(']');
    }
    return out.toString();
  }
}
