package io.chartline.common.text;

import java.util.Optional;

/**
 * The reason an operator gives for a destructive or privileged act: 10 to 500 characters once
 * surrounding blanks are stripped, with no control or format characters (NUL, escapes, line
 * breaks, bidirectional overrides) and no unpaired surrogates, so it can be stored and shown as
 * one line without surprising the database or a reader.
 */
public final class ReasonText {

  public static final int MIN_CHARS = 10;
  public static final int MAX_CHARS = 500;
  /** The rule, as clients see it in a refusal. */
  public static final String RULE = "a reason of " + MIN_CHARS + " to " + MAX_CHARS
      + " characters without control characters is required";

  private ReasonText() {
  }

  /** @return the stripped reason when {@code value} is a string that follows the rule, else empty */
  public static Optional<String> accept(Object value) {
    if (!(value instanceof String s)) {
      return Optional.empty();
    }
    String reason = s.strip();
    int chars = reason.codePointCount(0, reason.length());
    if (chars < MIN_CHARS || chars > MAX_CHARS) {
      return Optional.empty();
    }
    for (int i = 0; i < reason.length(); ) {
      int cp = reason.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        return Optional.empty();
      }
      i += Character.charCount(cp);
    }
    return Optional.of(reason);
  }
}
