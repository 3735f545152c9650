package io.chartline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Extraction stops early, with DOCUMENT_TOO_COMPLEX, on content out of proportion to the page or the file. */
class ContentLimitsTest {

  /** Small limits, so that small files can pass them: 1,000 operators and 1,000 glyphs a page. */
  static final ContentLimits SMALL = new ContentLimits(1_000, 1_000, 1, 5_000, 4, 64 * 1024);

  static PdfTextExtractor extractor(ContentLimits limits) {
    return new PdfTextExtractor(new PdfExtractionConfig(100L << 20, 2000, ParseBudget.defaults(), limits, 0),
        Clock.systemUTC());
  }

  static ParseException failure(ContentLimits limits, byte[] pdf) {
    ParseException failure = catchThrowableOfType(ParseException.class, () -> extractor(limits).extract(pdf));
    assertThat(failure).as("expected a ParseException").isNotNull();
    return failure;
  }

  @Test
  void aPageRunningMoreOperatorsThanAllowedIsTooComplex() {
    ParseException failure = failure(SMALL, HeavyPdfs.pages(HeavyPdfs.text("(ok) Tj", 10), HeavyPdfs.text("q Q", 600)));

    assertThat(failure.code()).isEqualTo("DOCUMENT_TOO_COMPLEX");
    assertThat(failure).hasMessageContaining("operators").hasMessageContaining("page: 2").hasMessageContaining("1000");
  }

  @Test
  void aPageShowingMoreGlyphsThanAllowedIsTooComplex() {
    // 300 text-show operators stay under the operator limit; their 1,200 glyphs do not.
    ParseException failure = failure(SMALL, HeavyPdfs.pages(HeavyPdfs.text("(bomb) Tj", 300)));

    assertThat(failure.code()).isEqualTo("DOCUMENT_TOO_COMPLEX");
    assertThat(failure).hasMessageContaining("glyphs").hasMessageContaining("page: 1");
  }

  @Test
  void formXObjectsCountTowardsThePageThatDrawsThem() {
    // 20 operators in the form, drawn 100 times: a page of 400 operators that runs 2,400.
    byte[] pdf = HeavyPdfs.formDrawnRepeatedly(HeavyPdfs.text("q Q", 9), 100);

    assertThat(failure(SMALL, pdf).code()).isEqualTo("DOCUMENT_TOO_COMPLEX");
  }

  @Test
  void aDocumentDrawingFarMoreThanItsSizeExplainsIsTooComplex() {
    // 40 pages of 200 glyphs each, sharing one small stream (below the reuse floor): every page is
    // within its limits, but 10,000 operators and glyphs from a file of a few kilobytes are not.
    byte[] pdf = HeavyPdfs.sharedContent(40, HeavyPdfs.text("(bomb) Tj", 50));

    ParseException failure = failure(SMALL, pdf);

    assertThat(failure.code()).isEqualTo("DOCUMENT_TOO_COMPLEX");
    assertThat(failure).hasMessageContaining("out of proportion to the file size");
  }

  @Test
  void pagesSharingOneLargeContentStreamAreRefusedBeforeAnyPageIsExtracted() {
    // 1,999 pages drawing one 280 KB stream: half a gigabyte of content in a 300 KB file.
    byte[] pdf = HeavyPdfs.sharedContent(1_999, HeavyPdfs.text("(bomb) Tj", 28_000));

    ParseException failure = failure(ContentLimits.defaults(), pdf);

    assertThat(pdf.length).isBetween(250_000, 350_000);
    assertThat(failure.code()).isEqualTo("DOCUMENT_TOO_COMPLEX");
    // The page-tree check, not the per-page glyph limit page 1 would reach, refused it.
    assertThat(failure).hasMessageContaining("share content streams").hasMessageContaining("1999");
  }

  @Test
  void pagesSharingASmallStreamAreOrdinary() throws ParseException {
    ParsedDocument document = extractor(ContentLimits.defaults())
        .extract(HeavyPdfs.sharedContent(50, HeavyPdfs.text("(Discharge summary continued) Tj T*", 20)));

    assertThat(document.pages()).hasSize(50);
    assertThat(document.pages().get(49).text()).contains("Discharge summary continued");
  }

  @Test
  void theDocumentLimitGrowsWithTheFileAndNeverFallsBelowItsFloor() {
    ContentLimits limits = ContentLimits.defaults();

    assertThat(limits.maxDocumentOperations(1_000)).isEqualTo(1_000_000);
    assertThat(limits.maxDocumentOperations(10L << 20)).isEqualTo(8L * (10L << 20));
    assertThat(limits.maxDocumentOperations(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(limits.maxReusedBytes(100)).isEqualTo(1L << 20);
    assertThat(limits.maxReusedBytes(1L << 20)).isEqualTo(4L << 20);
  }

  @Test
  void outOfRangeLimitsNameTheirSetting() {
    assertThatThrownBy(() -> new ContentLimits(0, 1, 1, 1, 1, 1)).hasMessageContaining("CHARTLINE_PARSE_MAX_PAGE_OPERATORS");
    assertThatThrownBy(() -> new ContentLimits(1, 0, 1, 1, 1, 1)).hasMessageContaining("CHARTLINE_PARSE_MAX_PAGE_GLYPHS");
    assertThatThrownBy(() -> new ContentLimits(1, 1, 0, 1, 1, 1))
        .hasMessageContaining("CHARTLINE_PARSE_MAX_OPERATIONS_PER_BYTE");
    assertThatThrownBy(() -> new ContentLimits(1, 1, 1, 1, -1, 1)).hasMessageContaining("CHARTLINE_PARSE_MAX_CONTENT_REUSE");
  }
}
