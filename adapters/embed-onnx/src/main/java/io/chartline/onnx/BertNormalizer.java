package io.chartline.onnx;

import java.text.Normalizer;

/**
 * The normaliser of BERT uncased models, as HuggingFace's {@code BertNormalizer} with
 * {@code clean_text}, {@code handle_chinese_chars}, {@code lowercase} and accent stripping on.
 *
 * <p>Steps, in HuggingFace's order: drop NUL, U+FFFD and control/format/unassigned code
 * points; map whitespace to a space; put spaces around CJK ideographs; decompose (NFD) and
 * drop non-spacing marks; lower-case code point by code point (so a capital sigma always
 * becomes {@code σ}, as in the Rust implementation). The result contains no whitespace other
 * than U+0020. ASCII-only input never reaches the {@link Normalizer}.
 */
final class BertNormalizer {

  private BertNormalizer() {}

  static String normalize(String text) {
    StringBuilder cleaned = new StringBuilder(text.length() + 16);
    boolean nonAscii = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        appendAscii(cleaned, (char) cp);
      } else {
        nonAscii |= appendNonAscii(cleaned, cp);
      }
    }
    return nonAscii ? stripAccentsAndLowerCase(cleaned) : cleaned.toString();
  }

  private static void appendAscii(StringBuilder out, char c) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      out.append(' ');
    } else if (c >= 'A' && c <= 'Z') {
      out.append((char) (c + ('a' - 'A')));
    } else if (c >= 0x20 && c != 0x7F) {
      out.append(c);
    }
  }

  /** @return true when a non-ASCII code point was kept and needs NFD and lower-casing. */
  private static boolean appendNonAscii(StringBuilder out, int cp) {
    if (cp == 0xFFFD || isControl(cp)) {
      return false;
    }
    if (isWhitespace(cp)) {
      out.append(' ');
      return false;
    }
    if (isCjkIdeograph(cp)) {
      out.append(' ').appendCodePoint(cp).append(' ');
      return false;
    }
    out.appendCodePoint(cp);
    return true;
  }

  private static String stripAccentsAndLowerCase(CharSequence cleaned) {
    String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) != Character.NON_SPACING_MARK) {
        out.appendCodePoint(Character.toLowerCase(cp));
      }
    }
    return out.toString();
  }

  /** Unicode categories Cc, Cf, Cs, Co and Cn, as the Rust {@code is_other} used by HuggingFace. */
  static boolean isControl(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED;
  }

  /** The Unicode White_Space code points that survive {@link #isControl} (U+0085 does not). */
  static boolean isWhitespace(int cp) {
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  }

  /** The CJK Unified Ideograph blocks BERT treats as one token per character. */
  static boolean isCjkIdeograph(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
