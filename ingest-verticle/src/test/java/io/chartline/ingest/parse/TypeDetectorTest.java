package io.chartline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeDetectorTest {

  private final TypeDetector detector = new TypeDetector();

  @Test
  void pdfHeaderAtTheStartIsPdf() {
    assertSupported(detector.detect(TestPdfs.withPages(List.of("x")), "application/octet-stream"), DocumentType.PDF);
  }

  @Test
  void pdfHeaderAfterJunkWithinTheFirstKilobyteIsPdf() {
    byte[] bytes = concat(new byte[1000], "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));

    assertSupported(detector.detect(bytes, null), DocumentType.PDF);
  }

  @Test
  void pdfHeaderPastTheFirstKilobyteIsNotPdf() {
    byte[] bytes = concat("a".repeat(1100).getBytes(StandardCharsets.US_ASCII), "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));

    assertSupported(detector.detect(bytes, "application/pdf"), DocumentType.TEXT);
  }

  @Test
  void imagesAndContainersAreUnsupportedWithTheirName() {
    assertRejected(detector.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13), "image/png"), "png");
    assertRejected(detector.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10), "text/plain"), "jpeg");
    assertRejected(detector.detect(bytes('P', 'K', 3, 4, 20, 0, 0, 0), "application/zip"), "zip");
    byte[] docx = concat(bytes('P', 'K', 3, 4, 20, 0), "....word/document.xml".getBytes(StandardCharsets.US_ASCII));
    assertRejected(detector.detect(docx, null), "docx");
    assertRejected(detector.detect(bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), null), "ole2");
    assertRejected(detector.detect("{\\rtf1\\ansi hello}".getBytes(StandardCharsets.US_ASCII), "text/plain"), "rtf");
  }

  @Test
  void utf16WithByteOrderMarkIsRejectedNotGuessed() {
    assertRejected(detector.detect("\uFEFFhello".getBytes(StandardCharsets.UTF_16LE), null), "utf-16");
    assertRejected(detector.detect("\uFEFFhello".getBytes(StandardCharsets.UTF_16BE), null), "utf-16");
  }

  @Test
  void utf8WithByteOrderMarkIsText() {
    assertSupported(detector.detect("\uFEFFBlood pressure 120/80.".getBytes(StandardCharsets.UTF_8), null), DocumentType.TEXT);
  }

  @Test
  void invalidUtf8IsUnsupported() {
    assertRejected(detector.detect(bytes('a', 'b', 0xC3, 0x28, 'c'), "text/plain"), "invalid-utf8");
    assertRejected(detector.detect("café".getBytes(StandardCharsets.ISO_8859_1), "text/plain"), "invalid-utf8");
  }

  @Test
  void aMultiByteCharacterCutByTheEndOfTheInspectedBytesIsFine() {
    // One ASCII byte first, so two-byte characters straddle the inspected boundary.
    byte[] text = ("x" + "é".repeat(TypeDetector.INSPECTED_BYTES)).getBytes(StandardCharsets.UTF_8);
    byte[] head = Arrays.copyOf(text, TypeDetector.INSPECTED_BYTES + 1);

    assertSupported(detector.detect(head, null), DocumentType.TEXT);
  }

  @Test
  void nulBytesOrManyControlCharactersMeanBinary() {
    assertRejected(detector.detect("abc\u0000def".getBytes(StandardCharsets.UTF_8), null), "binary");
    assertRejected(detector.detect("a\u0001b\u0002c\u0003 some text".getBytes(StandardCharsets.UTF_8), null), "binary");
  }

  @Test
  void noBytesOrOnlyWhitespaceIsEmpty() {
    assertThat(detector.detect(new byte[0], "text/plain").failure()).isEqualTo(ErrorCode.EMPTY_DOCUMENT);
    assertThat(detector.detect(null, null).failureCode()).isEqualTo("EMPTY_DOCUMENT");
    assertThat(detector.detect(" \n\t ".getBytes(StandardCharsets.UTF_8), null).failureCode()).isEqualTo("EMPTY_DOCUMENT");
  }

  @Test
  void declaredMarkdownContentTypeMakesTextMarkdown() {
    assertSupported(detector.detect(utf8("plain words"), "text/markdown; charset=utf-8"), DocumentType.MARKDOWN);
    assertSupported(detector.detect(utf8("plain words"), "TEXT/X-MARKDOWN"), DocumentType.MARKDOWN);
  }

  @Test
  void headingsFencesAndLinksMakeTextMarkdown() {
    assertSupported(detector.detect(utf8("intro\n## Medications\n- aspirin"), "text/plain"), DocumentType.MARKDOWN);
    assertSupported(detector.detect(utf8("see\n```\ncode\n```"), null), DocumentType.MARKDOWN);
    assertSupported(detector.detect(utf8("see [guideline](https://example.org/g)"), null), DocumentType.MARKDOWN);
  }

  @Test
  void listsAloneAndHashTagsStayText() {
    assertSupported(detector.detect(utf8("Medications:\n- aspirin\n- statin\n#hashtag"), null), DocumentType.TEXT);
  }

  @Test
  void rejectionBecomesAParseExceptionWithTheSameCode() {
    DetectionResult png = detector.detect(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), null);

    assertThat(png.toException().code()).isEqualTo("UNSUPPORTED_TYPE");
    assertThat(png.toException()).hasMessageContaining("png");
  }

  private static void assertSupported(DetectionResult result, DocumentType type) {
    assertThat(result.supported()).as("supported: %s", result).isTrue();
    assertThat(result.type()).isEqualTo(type);
    assertThat(result.failureCode()).isNull();
  }

  private static void assertRejected(DetectionResult result, String reason) {
    assertThat(result.supported()).as("rejected: %s", result).isFalse();
    assertThat(result.failureCode()).isEqualTo("UNSUPPORTED_TYPE");
    assertThat(result.reason()).isEqualTo(reason);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
