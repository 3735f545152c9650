package io.chartline.ingest.parse;

/**
 * Makes extracted text safe to store and chunk: line endings become {@code \n}, a leading
 * byte-order mark is dropped, and NUL and other control characters (which PostgreSQL text
 * columns reject or which break tokenisation) become spaces. Tabs, newlines and form feeds stay.
 */
final class ExtractedText {

  private ExtractedText() {}

  static String clean(String text) {
    int start = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? 1 : 0;
    StringBuilder out = null;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      char replacement = replacementFor(c, i + 1 < text.length() ? text.charAt(i + 1) : 0);
      if (replacement != c && out == null) {
        out = new StringBuilder(text.length()).append(text, start, i);
      }
      if (out != null && replacement != 0) {
        out.append(replacement);
      }
    }
    if (out != null) {
      return out.toString();
    }
    return start == 0 ? text : text.substring(start);
  }

  /** @return the char to keep for {@code c}, or 0 to drop it (the CR of a CRLF pair). */
  private static char replacementFor(char c, char next) {
    if (c == '\r') {
      return next == '\n' ? 0 : '\n';
    }
    if (c == '\t' || c == '\n' || c == '\f') {
      return c;
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      return ' ';
    }
    return c;
  }
}
