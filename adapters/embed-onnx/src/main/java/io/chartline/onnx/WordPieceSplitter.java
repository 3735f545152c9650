package io.chartline.onnx;

/**
 * BERT pre-tokenisation and greedy longest-match-first WordPiece over text already passed
 * through {@link BertNormalizer} (so U+0020 is the only whitespace left). One instance per
 * call: it owns a small buffer for the pieces of the current word.
 */
final class WordPieceSplitter {

  private final Vocabulary vocabulary;
  private final int unkId;
  private final int maxInputCharsPerWord;
  private final int[] wordPieces;

  WordPieceSplitter(Vocabulary vocabulary, int unkId, int maxInputCharsPerWord) {
    this.vocabulary = vocabulary;
    this.unkId = unkId;
    this.maxInputCharsPerWord = maxInputCharsPerWord;
    this.wordPieces = new int[maxInputCharsPerWord];
  }

  /** Feeds the ids of {@code normalized} to {@code sink} until the text ends or the sink says stop. */
  void split(String normalized, TokenSink sink) {
    int n = normalized.length();
    int i = 0;
    while (i < n) {
      int cp = normalized.codePointAt(i);
      if (cp == ' ') {
        i++;
        continue;
      }
      int start = i;
      i += Character.charCount(cp);
      if (!isPunctuation(cp)) {
        while (i < n) {
          cp = normalized.codePointAt(i);
          if (cp == ' ' || isPunctuation(cp)) {
            break;
          }
          i += Character.charCount(cp);
        }
      }
      if (!emitWord(normalized, start, i, sink)) {
        return;
      }
    }
  }

  private boolean emitWord(String text, int from, int to, TokenSink sink) {
    if (Character.codePointCount(text, from, to) > maxInputCharsPerWord) {
      return sink.accept(unkId);
    }
    int pieces = 0;
    int start = from;
    while (start < to) {
      int id = -1;
      int end = Math.min(to, start + vocabulary.longestPieceChars());
      // Candidates that end inside a surrogate pair cannot match a vocabulary entry, so a
      // char-wise walk stays correct for astral code points.
      for (; end > start; end--) {
        id = vocabulary.find(text, start, end, start > from);
        if (id >= 0) {
          break;
        }
      }
      if (id < 0) {
        return sink.accept(unkId);
      }
      wordPieces[pieces++] = id;
      start = end;
    }
    for (int p = 0; p < pieces; p++) {
      if (!sink.accept(wordPieces[p])) {
        return false;
      }
    }
    return true;
  }

  /** ASCII punctuation and symbols, plus every Unicode punctuation category, as BERT defines it. */
  static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
      return true;
    }
    if (cp < 0x80) {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONNECTOR_PUNCTUATION
        || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION
        || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
  }
}
