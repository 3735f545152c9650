package io.chartline.ingest.parse;

import java.util.List;
import java.util.Objects;

/**
 * The text of a document, page by page. Plain text and Markdown are one page numbered 1; PDF
 * pages keep their 1-based position in the file (blank pages stay, with empty text, so that
 * numbers match what a reader sees). Chunk offsets refer to {@link Page#text()}.
 */
public record ParsedDocument(List<Page> pages) {

  /** One page: its 1-based number and its extracted text. */
  public record Page(int number, String text) {
    public Page {
      if (number < 1) {
        throw new IllegalArgumentException("page numbers start at 1, was " + number);
      }
      Objects.requireNonNull(text, "text");
    }
  }

  public ParsedDocument {
    pages = List.copyOf(pages);
  }

  /** @return a one-page document, as for plain text and Markdown. */
  public static ParsedDocument singlePage(String text) {
    return new ParsedDocument(List.of(new Page(1, text)));
  }

  /** @return true when no page has any non-whitespace character. */
  public boolean isBlank() {
    return pages.stream().allMatch(p -> p.text().isBlank());
  }
}
