package io.chartline.ingest.parse;

import io.chartline.common.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads plain-text and Markdown documents: strict UTF-8, one page numbered 1. */
public final class TextDocuments {

  private TextDocuments() {}

  /**
   * @return the text as a one-page document, with line endings normalised and control
   *     characters replaced (see {@link ExtractedText})
   * @throws ParseException {@code CORRUPT_DOCUMENT} when the bytes are not valid UTF-8,
   *     {@code EMPTY_DOCUMENT} when there is no non-whitespace text
   */
  public static ParsedDocument of(byte[] bytes) throws ParseException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ParseException(ErrorCode.CORRUPT_DOCUMENT, "text document is not valid UTF-8");
    }
    String cleaned = ExtractedText.clean(text);
    if (cleaned.isBlank()) {
      throw new ParseException(ErrorCode.EMPTY_DOCUMENT, "text document has no non-whitespace characters");
    }
    return ParsedDocument.singlePage(cleaned);
  }
}
