package io.chartline.ingest.parse;

import java.time.Clock;
import java.time.Instant;

/**
 * The wall-clock limit of one document's extraction. {@link #check()} is cheap enough for hot
 * loops when called through {@link #checkEvery}; once past the limit it throws
 * {@link Exceeded}, an unchecked exception because PDFBox swallows many {@code IOException}s
 * in its lenient parser and would otherwise keep going. The limit starts from the file size
 * alone and moves once the page count is known ({@link #moveTo}).
 */
final class ParseDeadline {

  /** Thrown from inside PDFBox callbacks when the budget is spent. */
  static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exceeded() {
      super("parse budget exceeded", null, false, false);
    }
  }

  private static final int CALLS_BETWEEN_CHECKS = 4096;

  private final Clock clock;
  private Instant limit;
  private int callsSinceCheck;

  ParseDeadline(Clock clock, Instant limit) {
    this.clock = clock;
    this.limit = limit;
  }

  /** Sets the limit to {@code newLimit}, for example once the page count gives the document more time. */
  void moveTo(Instant newLimit) {
    limit = newLimit;
  }

  void check() {
    if (clock.instant().isAfter(limit)) {
      throw new Exceeded();
    }
  }

  /** Checks the clock on every {@value #CALLS_BETWEEN_CHECKS}th call only. Single-threaded use. */
  void checkEvery() {
    if (++callsSinceCheck >= CALLS_BETWEEN_CHECKS) {
      callsSinceCheck = 0;
      check();
    }
  }
}
