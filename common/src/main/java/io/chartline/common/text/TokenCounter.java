package io.chartline.common.text;

/**
 * Counts the model tokens a text costs, without special tokens such as {@code [CLS]} and
 * {@code [SEP]}. Chunkers use it to keep chunks within the embedding model's window.
 *
 * <p>Implementations are thread-safe and never fail on any {@code String}; an empty or
 * whitespace-only text counts 0.
 */
@FunctionalInterface
public interface TokenCounter {

  /** @return the number of tokens {@code text} is split into, special tokens excluded. */
  int countTokens(String text);
}
