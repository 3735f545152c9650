package io.chartline.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for {@link PdfTextExtractor}. No PDFBox loading mode bounds heap on hostile files,
 * so size, pages, time and the amount of content drawn are all capped.
 *
 * @param maxBytes largest accepted file; larger ones fail with {@code DOCUMENT_TOO_LARGE}
 * @param maxPages most pages; more fail with {@code DOCUMENT_TOO_LARGE} rather than being cut silently
 * @param budget wall-clock budget per document from its size and page count, loading included;
 *     exceeding it fails with {@code PARSE_TIMEOUT}
 * @param content operator, glyph and shared-content limits; exceeding one fails with {@code DOCUMENT_TOO_COMPLEX}
 * @param mainMemoryBytes heap PDFBox's stream cache may use before spilling to temp files
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record PdfExtractionConfig(long maxBytes, int maxPages, ParseBudget budget, ContentLimits content,
    long mainMemoryBytes) {

  public PdfExtractionConfig {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("pdf maxBytes must be at least 1, was " + maxBytes);
    }
    if (maxPages < 1) {
      throw new IllegalArgumentException("pdf maxPages must be at least 1, was " + maxPages);
    }
    Objects.requireNonNull(budget, "pdf budget");
    Objects.requireNonNull(content, "pdf content limits");
    if (mainMemoryBytes < 0) {
      throw new IllegalArgumentException("pdf mainMemoryBytes must not be negative, was " + mainMemoryBytes);
    }
  }

  /** The same time budget for every document, and the default content limits. */
  public PdfExtractionConfig(long maxBytes, int maxPages, Duration timeBudget, long mainMemoryBytes) {
    this(maxBytes, maxPages, ParseBudget.fixed(Objects.requireNonNull(timeBudget, "pdf timeBudget")),
        ContentLimits.defaults(), mainMemoryBytes);
  }

  /** 100 MiB, 2000 pages, the default budget and content limits, 16 MiB of stream cache in memory. */
  public static PdfExtractionConfig defaults() {
    return new PdfExtractionConfig(100L << 20, 2000, ParseBudget.defaults(), ContentLimits.defaults(), 16L << 20);
  }
}
