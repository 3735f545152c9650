package io.chartline.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits for {@link PdfTextExtractor}. No PDFBox loading mode bounds heap on hostile files,
 * so size, pages and time are all capped.
 *
 * @param maxBytes largest accepted file; larger ones fail with {@code DOCUMENT_TOO_LARGE}
 * @param maxPages most pages; more fail with {@code DOCUMENT_TOO_LARGE} rather than being cut silently
 * @param timeBudget wall-clock budget per document, loading included; exceeding it fails with {@code PARSE_TIMEOUT}
 * @param mainMemoryBytes heap PDFBox's stream cache may use before spilling to temp files
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record PdfExtractionConfig(long maxBytes, int maxPages, Duration timeBudget, long mainMemoryBytes) {

  public PdfExtractionConfig {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("pdf maxBytes must be at least 1, was " + maxBytes);
    }
    if (maxPages < 1) {
      throw new IllegalArgumentException("pdf maxPages must be at least 1, was " + maxPages);
    }
    Objects.requireNonNull(timeBudget, "pdf timeBudget");
    if (timeBudget.isNegative() || timeBudget.isZero()) {
      throw new IllegalArgumentException("pdf timeBudget must be positive, was " + timeBudget);
    }
    if (mainMemoryBytes < 0) {
      throw new IllegalArgumentException("pdf mainMemoryBytes must not be negative, was " + mainMemoryBytes);
    }
  }

  /** 100 MiB, 2000 pages, 60 seconds, 16 MiB of stream cache in memory. */
  public static PdfExtractionConfig defaults() {
    return new PdfExtractionConfig(100L << 20, 2000, Duration.ofSeconds(60), 16L << 20);
  }
}
