package io.chartline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextDocumentsTest {

  @Test
  void textIsOnePageNumberedOne() throws ParseException {
    ParsedDocument document = TextDocuments.of("Assessment: stable.".getBytes(StandardCharsets.UTF_8));

    assertThat(document.pages()).containsExactly(new ParsedDocument.Page(1, "Assessment: stable."));
  }

  @Test
  void lineEndingsBecomeNewlinesAndTheByteOrderMarkGoes() throws ParseException {
    ParsedDocument document = TextDocuments.of("\uFEFFline one\r\nline two\rline three".getBytes(StandardCharsets.UTF_8));

    assertThat(document.pages().get(0).text()).isEqualTo("line one\nline two\nline three");
  }

  @Test
  void controlCharactersBecomeSpacesSoTheTextCanBeStored() throws ParseException {
    ParsedDocument document = TextDocuments.of("a\u0000b\u0007c\td".getBytes(StandardCharsets.UTF_8));

    assertThat(document.pages().get(0).text()).isEqualTo("a b c\td");
  }

  @Test
  void invalidUtf8AnywhereIsCorrupt() {
    byte[] bytes = ("valid start " + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 1] = (byte) 0xC3;

    assertThat(catchThrowableOfType(ParseException.class, () -> TextDocuments.of(bytes)).code()).isEqualTo("CORRUPT_DOCUMENT");
  }

  @Test
  void whitespaceOnlyIsEmpty() {
    assertThat(catchThrowableOfType(ParseException.class, () -> TextDocuments.of(" \r\n ".getBytes(StandardCharsets.UTF_8))).code())
        .isEqualTo("EMPTY_DOCUMENT");
  }
}
