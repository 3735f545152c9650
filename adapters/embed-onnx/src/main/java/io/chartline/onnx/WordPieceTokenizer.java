package io.chartline.onnx;

import io.chartline.common.text.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BERT uncased tokenizer in plain Java: {@link BertNormalizer}, BERT pre-tokenisation
 * (whitespace split, every punctuation character its own word) and greedy longest-match-first
 * WordPiece with {@code ##} continuation pieces. A word longer than the tokenizer's
 * {@code max_input_chars_per_word} (100 for MiniLM), or one the vocabulary cannot spell,
 * becomes a single {@code [UNK]}.
 *
 * <p>Produces the same ids as HuggingFace {@code tokenizers} for the same {@code tokenizer.json}
 * (checked on 25.8k MTSamples and PubMedQA texts) with two differences: special tokens typed
 * in the text (a literal {@code "[SEP]"}) are tokenised as ordinary text rather than turned into
 * control tokens, and code points whose Unicode category changed after the JDK's Unicode
 * version can be classified differently. The file's truncation
 * settings are ignored; the caller passes the maximum length. Immutable and thread-safe.
 */
public final class WordPieceTokenizer implements TokenCounter {

  private final Vocabulary vocabulary;
  private final String[] tokensById;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final int maxInputCharsPerWord;

  private WordPieceTokenizer(TokenizerJson json) {
    this.vocabulary = new Vocabulary(json.vocab(), json.continuationPrefix());
    this.tokensById = new String[json.vocab().values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1];
    for (Map.Entry<String, Integer> e : json.vocab().entrySet()) {
      tokensById[e.getValue()] = e.getKey();
    }
    this.unkId = requiredId(json.unkToken());
    this.clsId = requiredId("[CLS]");
    this.sepId = requiredId("[SEP]");
    this.maxInputCharsPerWord = json.maxInputCharsPerWord();
  }

  /**
   * Loads a tokenizer from a HuggingFace {@code tokenizer.json} on the classpath, e.g.
   * {@code "/all-minilm-l6-v2-q-tokenizer.json"} (absolute resource name).
   *
   * @throws IllegalArgumentException when the resource is missing or not a BERT uncased WordPiece tokenizer
   * @throws java.io.UncheckedIOException when it cannot be read
   */
  public static WordPieceTokenizer fromClasspath(String resource) {
    return new WordPieceTokenizer(TokenizerJson.fromClasspath(resource));
  }

  /**
   * Encodes {@code text} as {@code [CLS] ... [SEP]}, keeping at most {@code maxLength} ids in all
   * (special tokens included); the rest is dropped and reported by {@link Encoding#truncated()}.
   *
   * @throws IllegalArgumentException when {@code maxLength < 2}
   */
  public Encoding encode(String text, int maxLength) {
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2 (room for [CLS] and [SEP]), was " + maxLength);
    }
    String normalized = BertNormalizer.normalize(text);
    TokenSink.Collector collector = new TokenSink.Collector(Math.min(maxLength - 2, normalized.length()));
    new WordPieceSplitter(vocabulary, unkId, maxInputCharsPerWord).split(normalized, collector);
    return Encoding.of(clsId, collector.ids(), collector.count(), sepId, collector.overflowed());
  }

  /** Counts tokens without {@code [CLS]}/{@code [SEP]} and without building id arrays. */
  @Override
  public int countTokens(String text) {
    TokenSink.Counter counter = new TokenSink.Counter();
    new WordPieceSplitter(vocabulary, unkId, maxInputCharsPerWord).split(BertNormalizer.normalize(text), counter);
    return counter.count();
  }

  /** @return the tokens of {@code text} as spelled in the vocabulary ({@code ##} on continuations), for diagnostics. */
  public List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    new WordPieceSplitter(vocabulary, unkId, maxInputCharsPerWord)
        .split(BertNormalizer.normalize(text), id -> tokens.add(tokensById[id]));
    return tokens;
  }

  private int requiredId(String token) {
    int id = vocabulary.idOf(token);
    if (id < 0) {
      throw new IllegalArgumentException("tokenizer vocabulary lacks the token " + token);
    }
    return id;
  }
}
