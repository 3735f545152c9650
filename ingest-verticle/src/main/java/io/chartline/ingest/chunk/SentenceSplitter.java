package io.chartline.ingest.chunk;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a page into sentence ranges, trimmed of surrounding whitespace.
 *
 * <p>First the page is cut into blocks at hard breaks: a blank line, or a line that starts with
 * a list marker ({@code -}, {@code *}, {@code •}, {@code 1.}, {@code 2)}, ...), a Markdown heading
 * ({@code #}, which also ends its own line's block) or an upper-case section label
 * ({@code HISTORY:}). Inside a block, single line
 * breaks are read as spaces (PDF text wraps lines mid-sentence) and {@link BreakIterator} with
 * {@link Locale#ROOT} finds the sentences. A break right after a title abbreviation or an
 * initial ({@code Dr.}, {@code Mrs.}, {@code J.}) is undone. Stateless and thread-safe.
 */
final class SentenceSplitter {

  private static final Pattern BLOCK_START =
      Pattern.compile("[ \\t]*(?:(?:[-*+•◦▪●‣–]|\\d{1,3}[.)]|#{1,6})[ \\t]+\\S|[A-Z][A-Z0-9 /&(),-]{2,60}:)");
  private static final Pattern HEADING = Pattern.compile("[ \\t]*#{1,6}[ \\t]+\\S");
  private static final Set<String> TITLES =
      Set.of("dr", "mr", "mrs", "ms", "prof", "st", "sr", "jr", "vs", "no", "approx", "fig", "e.g", "i.e");

  private SentenceSplitter() {}

  static List<TextPiece> split(String page) {
    List<TextPiece> sentences = new ArrayList<>();
    int blockStart = 0;
    int lineStart = 0;
    boolean afterHeading = false;
    while (lineStart <= page.length()) {
      int newline = page.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? page.length() : newline;
      String line = page.substring(lineStart, lineEnd);
      boolean startsBlock = BLOCK_START.matcher(line).lookingAt();
      if (line.isBlank() || (lineStart > blockStart && (startsBlock || afterHeading))) {
        splitBlock(page, blockStart, lineStart, sentences);
        blockStart = line.isBlank() ? lineEnd : lineStart;
      }
      afterHeading = HEADING.matcher(line).lookingAt();
      if (newline < 0) {
        break;
      }
      lineStart = newline + 1;
    }
    splitBlock(page, blockStart, page.length(), sentences);
    return sentences;
  }

  private static void splitBlock(String page, int from, int to, List<TextPiece> out) {
    if (from >= to) {
      return;
    }
    String block = page.substring(from, to).replace('\n', ' ').replace('\f', ' ');
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(block);
    int pendingStart = -1;
    for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
      int s = skipSpace(block, start, end);
      int e = trimEnd(block, s, end);
      if (s == e) {
        continue;
      }
      if (pendingStart < 0) {
        pendingStart = s;
      }
      if (end < block.length() && endsWithAbbreviation(block, pendingStart, e)) {
        continue;
      }
      out.add(new TextPiece(from + pendingStart, from + e, 0));
      pendingStart = -1;
    }
  }

  private static boolean endsWithAbbreviation(String text, int start, int end) {
    if (text.charAt(end - 1) != '.') {
      return false;
    }
    int wordStart = end - 1;
    while (wordStart > start && !isSpace(text.charAt(wordStart - 1))) {
      wordStart--;
    }
    String word = text.substring(wordStart, end - 1);
    return TITLES.contains(word.toLowerCase(Locale.ROOT)) || (word.length() == 1 && Character.isUpperCase(word.charAt(0)));
  }

  private static int skipSpace(String text, int from, int to) {
    while (from < to && isSpace(text.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int trimEnd(String text, int from, int to) {
    while (to > from && isSpace(text.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
