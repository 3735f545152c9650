package io.chartline.ingest.chunk;

import java.util.Objects;

/**
 * A piece of one page's text, sized for the embedding model.
 *
 * @param index position in the document, 0-based and contiguous over all pages
 * @param page 1-based number of the page the text comes from (a chunk never spans pages)
 * @param startOffset first char of the chunk in that page's text
 * @param endOffset char after the chunk's last (exclusive): {@code text} equals
 *     {@code pageText.substring(startOffset, endOffset)}
 * @param tokenCount model tokens of {@code text}, special tokens excluded
 */
public record Chunk(int index, int page, int startOffset, int endOffset, String text, int tokenCount) {

  public Chunk {
    Objects.requireNonNull(text, "text");
    if (index < 0 || page < 1 || startOffset < 0 || endOffset - startOffset != text.length()) {
      throw new IllegalArgumentException("inconsistent chunk [index: " + index + ", page: " + page
          + ", start: " + startOffset + ", end: " + endOffset + ", length: " + text.length() + "]");
    }
  }
}
