package io.chartline.ingest.parse;

/**
 * How much drawing a PDF may ask for, counted while its content streams run: operators (those of
 * form XObjects included) and glyphs shown. A few hundred kilobytes can ask for billions of them
 * (pages sharing one content stream, nested forms, highly compressed repetition); these limits
 * stop such a file early with {@code DOCUMENT_TOO_COMPLEX} instead of letting it spend its whole
 * time budget.
 *
 * <p>Calibrated on the shared PDF corpus (277 files, real-world and malformed): the busiest page
 * had 430,000 operators (a one-page vector drawing), the most glyphs on a page were 16,454, and
 * no file drew more than 0.9 operators and glyphs per byte of file or reused a content stream
 * for more than 260 bytes.
 *
 * @param maxPageOperators operators one page may run ({@code CHARTLINE_PARSE_MAX_PAGE_OPERATORS})
 * @param maxPageGlyphs glyphs one page may show ({@code CHARTLINE_PARSE_MAX_PAGE_GLYPHS})
 * @param maxOperationsPerByte operators plus glyphs of the whole document per byte of file
 *     ({@code CHARTLINE_PARSE_MAX_OPERATIONS_PER_BYTE}), never less than {@code minDocumentOperations}
 * @param minDocumentOperations what even the smallest file may run
 * @param maxContentReuse bytes of page content streams decoded again because further pages draw
 *     the same stream, per byte of file ({@code CHARTLINE_PARSE_MAX_CONTENT_REUSE}), never less
 *     than {@code minReusedBytes}
 * @param minReusedBytes what even the smallest file may reuse
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ContentLimits(long maxPageOperators, long maxPageGlyphs, int maxOperationsPerByte,
    long minDocumentOperations, int maxContentReuse, long minReusedBytes) {

  public ContentLimits {
    if (maxPageOperators < 1) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_MAX_PAGE_OPERATORS must be >= 1, was " + maxPageOperators);
    }
    if (maxPageGlyphs < 1) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_MAX_PAGE_GLYPHS must be >= 1, was " + maxPageGlyphs);
    }
    if (maxOperationsPerByte < 1) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_MAX_OPERATIONS_PER_BYTE must be >= 1, was "
          + maxOperationsPerByte);
    }
    if (maxContentReuse < 0) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_MAX_CONTENT_REUSE must not be negative, was "
          + maxContentReuse);
    }
    if (minDocumentOperations < 1 || minReusedBytes < 0) {
      throw new IllegalArgumentException("content limit floors must be positive");
    }
  }

  /** 1,000,000 operators and 100,000 glyphs per page; 8 operations and 4 reused bytes per file byte. */
  public static ContentLimits defaults() {
    return new ContentLimits(1_000_000, 100_000, 8, 1_000_000, 4, 1L << 20);
  }

  /** @return operators plus glyphs a file of {@code fileBytes} may run in total */
  public long maxDocumentOperations(long fileBytes) {
    return Math.max(minDocumentOperations, saturatingProduct(fileBytes, maxOperationsPerByte));
  }

  /** @return bytes of shared page content a file of {@code fileBytes} may have decoded again */
  public long maxReusedBytes(long fileBytes) {
    return Math.max(minReusedBytes, saturatingProduct(fileBytes, maxContentReuse));
  }

  private static long saturatingProduct(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return high != 0 || low < 0 ? Long.MAX_VALUE : low;
  }
}
