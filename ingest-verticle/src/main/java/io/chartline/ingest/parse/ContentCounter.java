package io.chartline.ingest.parse;

/**
 * Counts the operators run and glyphs shown while one document's pages are extracted, per page
 * and in total, and stops extraction with {@link TooComplex} as soon as a {@link ContentLimits}
 * limit is passed. Single-threaded, one instance per document.
 */
final class ContentCounter {

  /** Thrown from inside PDFBox callbacks; unchecked so PDFBox's lenient handling of IOExceptions cannot swallow it. */
  static final class TooComplex extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param safeMessage structural facts only: counts, limits, page numbers */
    TooComplex(String safeMessage) {
      super(safeMessage, null, false, false);
    }
  }

  private final ContentLimits limits;
  private final long maxOperations;
  private int page;
  private long pageOperators;
  private long pageGlyphs;
  private long operations;

  ContentCounter(ContentLimits limits, long fileBytes) {
    this.limits = limits;
    this.maxOperations = limits.maxDocumentOperations(fileBytes);
  }

  /** Starts counting page {@code number} (1-based). */
  void startPage(int number) {
    page = number;
    pageOperators = 0;
    pageGlyphs = 0;
  }

  void operator() {
    if (++pageOperators > limits.maxPageOperators()) {
      throw new TooComplex("pdf page runs too many content operators [page: " + page + ", limit: "
          + limits.maxPageOperators() + "]");
    }
    counted();
  }

  void glyph() {
    if (++pageGlyphs > limits.maxPageGlyphs()) {
      throw new TooComplex("pdf page shows too many glyphs [page: " + page + ", limit: " + limits.maxPageGlyphs() + "]");
    }
    counted();
  }

  /** @return operators plus glyphs counted so far */
  long operations() {
    return operations;
  }

  private void counted() {
    if (++operations > maxOperations) {
      throw new TooComplex("pdf content is out of proportion to the file size [operators and glyphs: more than "
          + maxOperations + ", at page: " + page + "]");
    }
  }
}
