package io.chartline.ingest.chunk;

import io.chartline.common.text.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns sentences into pieces that each fit {@code maxTokens}, with exact token counts. A
 * sentence that is too long is cut at whitespace, and a single word that is still too long
 * (a pasted table row, a run of punctuation) is cut inside, at the longest prefix that fits.
 */
final class SentencePieces {

  private final TokenCounter counter;
  private final int maxTokens;

  SentencePieces(TokenCounter counter, int maxTokens) {
    this.counter = counter;
    this.maxTokens = maxTokens;
  }

  List<TextPiece> of(String page, List<TextPiece> sentences) {
    List<TextPiece> pieces = new ArrayList<>(sentences.size());
    for (TextPiece sentence : sentences) {
      int tokens = count(page, sentence.start(), sentence.end());
      if (tokens <= maxTokens) {
        pieces.add(new TextPiece(sentence.start(), sentence.end(), tokens));
      } else {
        splitAtWords(page, sentence.start(), sentence.end(), pieces);
      }
    }
    return pieces;
  }

  private void splitAtWords(String page, int from, int to, List<TextPiece> out) {
    int pieceStart = -1;
    int pieceEnd = -1;
    int pieceTokens = 0;
    for (int wordStart = from; wordStart < to; ) {
      int wordEnd = wordStart;
      while (wordEnd < to && !SentenceSplitter.isSpace(page.charAt(wordEnd))) {
        wordEnd++;
      }
      int wordTokens = count(page, wordStart, wordEnd);
      if (pieceStart >= 0 && pieceTokens + wordTokens > maxTokens) {
        addExact(page, pieceStart, pieceEnd, out);
        pieceStart = -1;
      }
      if (wordTokens > maxTokens) {
        splitInsideWord(page, wordStart, wordEnd, out);
      } else if (pieceStart < 0) {
        pieceStart = wordStart;
        pieceEnd = wordEnd;
        pieceTokens = wordTokens;
      } else {
        pieceEnd = wordEnd;
        pieceTokens += wordTokens;
      }
      wordStart = wordEnd;
      while (wordStart < to && SentenceSplitter.isSpace(page.charAt(wordStart))) {
        wordStart++;
      }
    }
    if (pieceStart >= 0) {
      addExact(page, pieceStart, pieceEnd, out);
    }
  }

  /** Word counts add up exactly except around characters BERT drops; recount and cut if needed. */
  private void addExact(String page, int from, int to, List<TextPiece> out) {
    int tokens = count(page, from, to);
    if (tokens <= maxTokens) {
      out.add(new TextPiece(from, to, tokens));
    } else {
      splitInsideWord(page, from, to, out);
    }
  }

  private void splitInsideWord(String page, int from, int to, List<TextPiece> out) {
    while (from < to) {
      int low = from + 1;
      int high = to;
      // Largest end whose prefix fits; one code point is always at most one token.
      while (low < high) {
        int mid = (low + high + 1) >>> 1;
        if (count(page, from, mid) <= maxTokens) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      int end = low;
      if (end < to && Character.isLowSurrogate(page.charAt(end))) {
        end = end - 1 > from ? end - 1 : end + 1;
      }
      int trimmedEnd = end;
      while (trimmedEnd > from && SentenceSplitter.isSpace(page.charAt(trimmedEnd - 1))) {
        trimmedEnd--;
      }
      if (trimmedEnd > from) {
        out.add(new TextPiece(from, trimmedEnd, count(page, from, trimmedEnd)));
      }
      from = end;
      while (from < to && SentenceSplitter.isSpace(page.charAt(from))) {
        from++;
      }
    }
  }

  private int count(String page, int from, int to) {
    return counter.countTokens(page.substring(from, to));
  }
}
