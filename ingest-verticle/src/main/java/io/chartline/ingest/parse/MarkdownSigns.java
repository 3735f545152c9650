package io.chartline.ingest.parse;

import java.util.regex.Pattern;

/**
 * Structural signs that a text is Markdown: an ATX heading ({@code # Title} to
 * {@code ###### Title}) at a line start, a code fence ({@code ```}), or an inline link
 * {@code [label](target)}. One sign is enough; lists and emphasis are not signs because plain
 * notes use dashes and asterisks as well.
 */
final class MarkdownSigns {

  private static final Pattern HEADING = Pattern.compile("(?m)^ {0,3}#{1,6}[ \\t]+\\S");
  private static final Pattern FENCE = Pattern.compile("(?m)^ {0,3}```");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]{1,200}]\\((?:https?://|/|#|\\./)[^)\\s]*\\)");

  private MarkdownSigns() {}

  static boolean present(String text) {
    return HEADING.matcher(text).find() || FENCE.matcher(text).find() || LINK.matcher(text).find();
  }
}
