package io.chartline.ingest.parse;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one document may hold a parse worker: a base allowance, plus one per page and one per
 * MiB of file, never more than {@link #max()}. A small file therefore cannot keep a worker for
 * the whole global budget however much work its pages ask for, while a long, large document
 * still gets the time it needs. Extraction starts on the size-only budget and gets the page
 * allowance once the page count is known.
 *
 * @param base allowance every document gets ({@code CHARTLINE_PARSE_BUDGET_BASE})
 * @param perPage allowance per page ({@code CHARTLINE_PARSE_BUDGET_PER_PAGE})
 * @param perMiB allowance per MiB of file ({@code CHARTLINE_PARSE_BUDGET_PER_MIB})
 * @param max the most any document gets ({@code CHARTLINE_PARSE_BUDGET})
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ParseBudget(Duration base, Duration perPage, Duration perMiB, Duration max) {

  private static final double MIB = 1 << 20;

  public ParseBudget {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(perPage, "perPage");
    Objects.requireNonNull(perMiB, "perMiB");
    Objects.requireNonNull(max, "max");
    if (max.isNegative() || max.isZero()) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_BUDGET must be positive, was " + max);
    }
    if (base.isNegative() || base.isZero() || base.compareTo(max) > 0) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_BUDGET_BASE must be positive and at most "
          + "CHARTLINE_PARSE_BUDGET (" + max + "), was " + base);
    }
    if (perPage.isNegative()) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_BUDGET_PER_PAGE must not be negative, was " + perPage);
    }
    if (perMiB.isNegative()) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_BUDGET_PER_MIB must not be negative, was " + perMiB);
    }
  }

  /** 2 s, plus 5 ms per page and 2 s per MiB, at most 60 s. */
  public static ParseBudget defaults() {
    return new ParseBudget(Duration.ofSeconds(2), Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(60));
  }

  /** The same budget for every document, whatever its size. */
  public static ParseBudget fixed(Duration budget) {
    return new ParseBudget(budget, Duration.ZERO, Duration.ZERO, budget);
  }

  /** @return the budget of a file of {@code bytes} before its pages are counted */
  public Duration forBytes(long bytes) {
    return forDocument(bytes, 0);
  }

  /** @return the budget of a file of {@code bytes} with {@code pages} pages, at most {@link #max()} */
  public Duration forDocument(long bytes, int pages) {
    double nanos = base.toNanos() + (double) perPage.toNanos() * Math.max(0, pages)
        + perMiB.toNanos() * (Math.max(0, bytes) / MIB);
    return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
  }
}
