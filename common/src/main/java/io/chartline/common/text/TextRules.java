package io.chartline.common.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What text the API accepts in any field before it goes near the database: no NUL or other control
 * characters (C0, DEL, C1), no unpaired UTF-16 surrogates, and, where a library has already decoded
 * bytes leniently, no U+FFFD replacement character (the mark it leaves where the bytes were not
 * UTF-8). Multi-line fields may also hold tab, line feed and carriage return.
 *
 * <p>PostgreSQL refuses NUL in {@code text}, so unchecked it surfaced as a 503; a lone surrogate is
 * silently replaced on the way to UTF-8, so the stored value would differ from the one sent. Every
 * API route checks its text through this class (the API's {@code TextInputs} and {@code JsonLimits}
 * answer 400 {@code INVALID_PARAMETER} naming the field), and token claims that are stored (the
 * subject, roles) are checked by it too.
 */
public final class TextRules {

  /** The accepted shape, for error messages; never includes the value. */
  public static final String RULE = "must be UTF-8 text without control characters";

  private TextRules() {
  }

  /** @return true when {@code value} is acceptable in a single-line field (a title, an id, a parameter) */
  public static boolean isLine(String value) {
    return acceptable(value, false, true);
  }

  /** @return true when {@code value} is acceptable in a multi-line field (a question, a reason) */
  public static boolean isText(String value) {
    return acceptable(value, true, true);
  }

  /**
   * Like {@link #isText} for values decoded strictly (a JSON string, where invalid UTF-8 already failed
   * the parse): U+FFFD sent on purpose is kept.
   */
  public static boolean isStrictlyDecodedText(String value) {
    return acceptable(value, true, false);
  }

  private static boolean acceptable(String value, boolean multiline, boolean refuseReplacement) {
    if (value == null) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      } else if (isControl(c) && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
        return false;
      } else if (refuseReplacement && c == '\uFFFD') {
        return false;
      }
    }
    return true;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
  }

  /** @return true when {@code value} is only visible ASCII and spaces, as a header carrying encoded text must be */
  public static boolean isHeaderAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes RFC 3986 percent-encoding of UTF-8 ({@code %C3%A9} is "é"; {@code +} is a plus, not a
   * space). Written here because the JDK's {@code URLDecoder} decodes form encoding ({@code +} as a
   * space) and replaces malformed UTF-8 silently, where a malformed value must be refused.
   *
   * @return the decoded text, or null when the value is not visible ASCII, has a malformed escape, or
   *     decodes to bytes that are not UTF-8
   */
  public static String percentDecode(String value) {
    if (!isHeaderAscii(value)) {
      return null;
    }
    byte[] bytes = new byte[value.length()];
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          return null;
        }
        int hi = Character.digit(value.charAt(i + 1), 16);
        int lo = Character.digit(value.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes[n++] = (byte) (hi << 4 | lo);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    try {
      CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
      return decoded.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** @return true when {@code bytes} are well-formed UTF-8 */
  public static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
