package io.chartline.devstack.bedrock;

/**
 * A deterministic stand-in for a model tokenizer, close to Titan's and Claude's counts for English
 * prose (about 1.3 tokens per word): each run of letters or digits is one token per started six
 * characters, every other visible character is a token of its own, whitespace is free. Quotas and
 * usage figures are charged in these tokens. A hand-written loop rather than a regular expression,
 * because it runs on every call of a throughput benchmark.
 */
final class TokenEstimate {

  private static final int CHARS_PER_TOKEN = 6;

  private TokenEstimate() {
  }

  /** The estimated token count of {@code text}; 0 for an empty text. */
  static int count(CharSequence text) {
    int tokens = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        run++;
        continue;
      }
      tokens += runTokens(run);
      run = 0;
      if (!Character.isWhitespace(c) && !Character.isLowSurrogate(c)) {
        tokens++;
      }
    }
    return tokens + runTokens(run);
  }

  private static int runTokens(int run) {
    return (run + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }
}
