package io.chartline.ingest.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decides a document's type from its first bytes, never from its name. Stateless and thread-safe.
 *
 * <ol>
 *   <li>No bytes: {@code EMPTY_DOCUMENT}.
 *   <li>{@code %PDF-} within the first 1024 bytes: {@link DocumentType#PDF} (the header may
 *       follow junk, as PDF readers allow).
 *   <li>Known binary or container signatures (PNG, JPEG, GIF, TIFF, ZIP incl. DOCX/XLSX, OLE2
 *       incl. DOC, gzip, RTF) and UTF-16/UTF-32 byte-order marks: {@code UNSUPPORTED_TYPE}.
 *       UTF-16 is rejected rather than guessed at: uploads are expected in UTF-8.
 *   <li>Otherwise the first {@value #INSPECTED_BYTES} bytes must decode as strict UTF-8 (a UTF-8
 *       BOM is allowed; when that many bytes or more are given, a multi-byte sequence cut by the
 *       end of the window is not an error), contain no NUL and at most 1% other control characters (tab, CR, LF and form
 *       feed excepted), else {@code UNSUPPORTED_TYPE}; whitespace-only text is {@code EMPTY_DOCUMENT}.
 *   <li>Text is {@link DocumentType#MARKDOWN} when the declared content type is
 *       {@code text/markdown} or {@code text/x-markdown}, or when {@link MarkdownSigns} finds an
 *       ATX heading, a code fence or an inline link; lists alone do not count, since plain
 *       clinical notes use dashes too. Otherwise {@link DocumentType#TEXT}.
 * </ol>
 * The declared content type never overrides what the bytes say; it only separates Markdown from text.
 */
public final class TypeDetector {

  /** How many leading bytes are inspected; callers may pass the whole document or just this many. */
  public static final int INSPECTED_BYTES = 8192;

  private static final int PDF_HEADER_WINDOW = 1024;
  private static final byte[] PDF_HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);

  /** @return the detected type, or a rejection with its code and reason; never throws for any input. */
  public DetectionResult detect(byte[] head, String declaredContentType) {
    if (head == null || head.length == 0) {
      return DetectionResult.empty();
    }
    if (indexOf(head, PDF_HEADER, Math.min(head.length, PDF_HEADER_WINDOW)) >= 0) {
      return DetectionResult.supported(DocumentType.PDF);
    }
    String signature = BinarySignatures.match(head);
    if (signature != null) {
      return DetectionResult.unsupported(signature);
    }
    int length = Math.min(head.length, INSPECTED_BYTES);
    String text = decodeStrictUtf8(head, length);
    if (text == null) {
      return DetectionResult.unsupported("invalid-utf8");
    }
    if (looksBinary(text)) {
      return DetectionResult.unsupported("binary");
    }
    if (text.isBlank()) {
      return head.length <= INSPECTED_BYTES ? DetectionResult.empty() : DetectionResult.supported(DocumentType.TEXT);
    }
    boolean markdown = isMarkdownContentType(declaredContentType) || MarkdownSigns.present(text);
    return DetectionResult.supported(markdown ? DocumentType.MARKDOWN : DocumentType.TEXT);
  }

  private static String decodeStrictUtf8(byte[] bytes, int length) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer out = CharBuffer.allocate(length);
    // Fewer bytes than the inspection window means the whole document is here, so it must end
    // cleanly; otherwise a sequence cut by the window's end is underflow, not an error (a document
    // that really ends mid-sequence then fails later, in strict decoding).
    boolean wholeDocument = bytes.length < INSPECTED_BYTES;
    CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, wholeDocument);
    if (result.isError()) {
      return null;
    }
    out.flip();
    return out.toString();
  }

  private static boolean looksBinary(String text) {
    int controls = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return true;
      }
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
        controls++;
      }
    }
    return controls * 100L > text.length();
  }

  private static boolean isMarkdownContentType(String declared) {
    if (declared == null) {
      return false;
    }
    String mediaType = declared.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("text/markdown") || mediaType.equals("text/x-markdown");
  }

  static int indexOf(byte[] haystack, byte[] needle, int limit) {
    outer:
    for (int i = 0; i + needle.length <= limit; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
