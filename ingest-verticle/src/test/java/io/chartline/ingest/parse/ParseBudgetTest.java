package io.chartline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** A document's parse budget follows its size and page count, within the configured maximum. */
class ParseBudgetTest {

  @Test
  void theDefaultBudgetGrowsWithPagesAndBytesUpToTheMaximum() {
    ParseBudget budget = ParseBudget.defaults();

    assertThat(budget.forBytes(0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(budget.forDocument(1L << 20, 10)).isEqualTo(Duration.ofMillis(4_050));
    // The 300 KB, 1,999-page file of the attack: about 12.6 s, not the 60 s maximum.
    assertThat(budget.forDocument(300_000, 1_999)).isBetween(Duration.ofMillis(12_500), Duration.ofMillis(12_600));
    assertThat(budget.forDocument(50L << 20, 2_000)).isEqualTo(Duration.ofSeconds(60));
    assertThat(budget.forDocument(Long.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aFixedBudgetIgnoresSizeAndPages() {
    assertThat(ParseBudget.fixed(Duration.ofSeconds(5)).forDocument(50L << 20, 2_000)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void outOfRangeValuesNameTheirSetting() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new ParseBudget(s, s, s, Duration.ZERO)).hasMessageContaining("CHARTLINE_PARSE_BUDGET ");
    assertThatThrownBy(() -> new ParseBudget(Duration.ofSeconds(2), s, s, s))
        .hasMessageContaining("CHARTLINE_PARSE_BUDGET_BASE");
    assertThatThrownBy(() -> new ParseBudget(s, s.negated(), s, s)).hasMessageContaining("CHARTLINE_PARSE_BUDGET_PER_PAGE");
    assertThatThrownBy(() -> new ParseBudget(s, s, s.negated(), s)).hasMessageContaining("CHARTLINE_PARSE_BUDGET_PER_MIB");
  }

  /**
   * GIVEN a clock that moves a second each time it is read (about twice per page here)
   * THEN ten small pages run out of a 3 s per-document budget, though the maximum is a minute,
   * while the same file under a fixed one-minute budget parses.
   */
  @Test
  void aSmallFileGetsItsOwnBudgetNotTheWholeMaximum() throws ParseException {
    byte[] pdf = TestPdfs.withPages(Collections.nCopies(10, "a page of text"));
    ParseBudget derived = new ParseBudget(Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1));

    ParseException failure = catchThrowableOfType(ParseException.class, () -> extractor(derived).extract(pdf));
    ParsedDocument parsed = extractor(ParseBudget.fixed(Duration.ofMinutes(1))).extract(pdf);

    assertThat(failure.code()).isEqualTo("PARSE_TIMEOUT");
    assertThat(failure).hasMessageContaining("PT3S");
    assertThat(parsed.pages()).hasSize(10);
  }

  private static PdfTextExtractor extractor(ParseBudget budget) {
    return new PdfTextExtractor(new PdfExtractionConfig(1 << 20, 100, budget, ContentLimits.defaults(), 0),
        new SteppingClock(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1)));
  }

  /** A clock that moves forward a fixed step every time it is read. */
  private static final class SteppingClock extends Clock {
    private Instant now;
    private final Duration step;

    SteppingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public Instant instant() {
      Instant current = now;
      now = now.plus(step);
      return current;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
