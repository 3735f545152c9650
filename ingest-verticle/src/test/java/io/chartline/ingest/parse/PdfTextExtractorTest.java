package io.chartline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PdfTextExtractorTest {

  private final PdfTextExtractor extractor = new PdfTextExtractor(PdfExtractionConfig.defaults(), Clock.systemUTC());

  @Test
  void keepsEachPagesTextUnderItsOneBasedNumber() throws ParseException {
    byte[] pdf = TestPdfs.withPages(List.of(
        "Page one: chief complaint is chest pain.",
        "Page two: troponin negative twice.",
        "Page three: discharged home on aspirin."));

    ParsedDocument document = extractor.extract(pdf);

    assertThat(document.pages()).extracting(ParsedDocument.Page::number).containsExactly(1, 2, 3);
    assertThat(document.pages().get(0).text()).contains("Page one: chief complaint is chest pain.");
    assertThat(document.pages().get(1).text()).contains("troponin negative twice").doesNotContain("Page one");
    assertThat(document.pages().get(2).text()).contains("discharged home on aspirin.");
  }

  @Test
  void aPageWithoutContentKeepsItsPlaceSoLaterNumbersStayRight() throws ParseException {
    byte[] pdf = TestPdfs.withPages(Arrays.asList("first page text", null, "third page text"));

    ParsedDocument document = extractor.extract(pdf);

    assertThat(document.pages()).hasSize(3);
    assertThat(document.pages().get(1).text()).isBlank();
    assertThat(document.pages().get(2).text()).contains("third page text");
  }

  @Test
  void truncatedFileIsCorrupt() {
    byte[] pdf = TestPdfs.withPages(List.of("some text that will be cut off"));

    assertCode(Arrays.copyOf(pdf, pdf.length / 3), "CORRUPT_DOCUMENT");
  }

  @Test
  void garbageAfterTheHeaderIsCorrupt() {
    assertCode("%PDF-1.7\n\u0001\u0002 this is not a pdf body at all".getBytes(StandardCharsets.ISO_8859_1), "CORRUPT_DOCUMENT");
  }

  @Test
  void pagesWithoutTextHaveNoExtractableText() {
    assertCode(TestPdfs.withPages(Arrays.asList(null, null)), "NO_EXTRACTABLE_TEXT");
    assertCode(TestPdfs.imageOnly(), "NO_EXTRACTABLE_TEXT");
  }

  @Test
  void aUserPasswordMakesTheDocumentEncrypted() {
    assertCode(TestPdfs.encrypted(List.of("secret findings"), "owner-pw", "user-pw"), "ENCRYPTED_DOCUMENT");
  }

  @Test
  void anOwnerPasswordAloneDoesNotStopExtraction() throws ParseException {
    byte[] pdf = TestPdfs.encrypted(List.of("readable despite restrictions"), "owner-pw", "");

    assertThat(extractor.extract(pdf).pages().get(0).text()).contains("readable despite restrictions");
  }

  @Test
  void moreBytesThanAllowedIsTooLarge() {
    PdfTextExtractor small = new PdfTextExtractor(new PdfExtractionConfig(100, 10, Duration.ofSeconds(5), 0), Clock.systemUTC());

    assertThat(catchThrowableOfType(ParseException.class, () -> small.extract(TestPdfs.withPages(List.of("x"))))
        .code()).isEqualTo("DOCUMENT_TOO_LARGE");
  }

  @Test
  void morePagesThanAllowedIsTooLarge() {
    PdfTextExtractor twoPages = new PdfTextExtractor(2, 1 << 20, Duration.ofSeconds(5));

    ParseException failure = catchThrowableOfType(ParseException.class,
        () -> twoPages.extract(TestPdfs.withPages(List.of("a", "b", "c"))));

    assertThat(failure.code()).isEqualTo("DOCUMENT_TOO_LARGE");
    assertThat(failure).hasMessageContaining("page limit");
  }

  @Test
  void runningPastTheBudgetBetweenPagesIsATimeout() {
    Clock oneSecondPerReading = new SteppingClock(Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1));
    PdfTextExtractor slow = new PdfTextExtractor(new PdfExtractionConfig(1 << 20, 100, Duration.ofSeconds(3), 0), oneSecondPerReading);
    byte[] pdf = TestPdfs.withPages(Collections.nCopies(10, "a page of text"));

    ParseException failure = catchThrowableOfType(ParseException.class, () -> slow.extract(pdf));

    assertThat(failure.code()).isEqualTo("PARSE_TIMEOUT");
  }

  @Test
  void failureMessagesNeverQuoteDocumentText() {
    List<byte[]> broken = new ArrayList<>();
    byte[] pdf = TestPdfs.withPages(List.of("Jane Roe, MRN 0012345, HIV positive"));
    broken.add(Arrays.copyOf(pdf, pdf.length / 2));
    broken.add(TestPdfs.encrypted(List.of("Jane Roe, MRN 0012345, HIV positive"), "o", "u"));

    for (byte[] bytes : broken) {
      ParseException failure = catchThrowableOfType(ParseException.class, () -> extractor.extract(bytes));
      assertThat(failure.getMessage()).doesNotContain("Jane", "0012345", "HIV");
      assertThat(failure.getCause()).isNull();
    }
  }

  @Test
  void noBytesIsAnEmptyDocument() {
    assertCode(new byte[0], "EMPTY_DOCUMENT");
  }

  private void assertCode(byte[] pdf, String code) {
    ParseException failure = catchThrowableOfType(ParseException.class, () -> extractor.extract(pdf));
    assertThat(failure).as("expected a ParseException").isNotNull();
    assertThat(failure.code()).isEqualTo(code);
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
