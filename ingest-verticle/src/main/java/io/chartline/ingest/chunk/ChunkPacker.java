package io.chartline.ingest.chunk;

import io.chartline.common.text.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs one page's pieces (sentences, or parts of over-long ones) into chunk ranges.
 *
 * <p>Consecutive pieces are added while the chunk stays within {@code maxTokens}. The next chunk
 * starts with the trailing pieces of the previous one that together hold at most
 * {@code overlapTokens}, never the whole previous chunk, and drops carried pieces when they leave
 * no room for new text. Each range is recounted exactly on its real text, so the bound holds even
 * where token counts of neighbours do not simply add up. Finally a tiny last chunk is merged or
 * given context, see {@link #mergeTinyRemainder}.
 */
final class ChunkPacker {

  /** Pieces {@code [first, end)} of the page; pieces from {@code firstNew} on were not in the previous chunk. */
  record Range(int first, int end, int firstNew, int tokens) {}

  private final TokenCounter counter;
  private final ChunkerConfig config;

  ChunkPacker(TokenCounter counter, ChunkerConfig config) {
    this.counter = counter;
    this.config = config;
  }

  List<Range> pack(String page, List<TextPiece> pieces) {
    List<Range> ranges = new ArrayList<>();
    int next = 0;
    int carried = 0;
    while (next < pieces.size()) {
      int first = carried;
      int tokens = sum(pieces, first, next);
      while (first < next && tokens + pieces.get(next).tokens() > config.maxTokens()) {
        tokens -= pieces.get(first++).tokens();
      }
      int end = next;
      while (end < pieces.size() && (end == next || tokens + pieces.get(end).tokens() <= config.maxTokens())) {
        tokens += pieces.get(end++).tokens();
      }
      int exact = count(page, pieces, first, end);
      while (exact > config.maxTokens() && (end - 1 > next || first < next)) {
        if (end - 1 > next) {
          end--;
        } else {
          first++;
        }
        exact = count(page, pieces, first, end);
      }
      ranges.add(new Range(first, end, next, exact));
      carried = overlapStart(pieces, first, end);
      next = end;
    }
    mergeTinyRemainder(page, pieces, ranges);
    return ranges;
  }

  private int overlapStart(List<TextPiece> pieces, int first, int end) {
    int start = end;
    int tokens = 0;
    while (start - 1 > first && tokens + pieces.get(start - 1).tokens() <= config.overlapTokens()) {
      tokens += pieces.get(--start).tokens();
    }
    return start;
  }

  /**
   * A last chunk under {@code minChunkTokens} is merged into the previous chunk when that fits.
   * Greedy packing means it rarely does (the previous chunk closed because the next piece did not
   * fit), so otherwise the last chunk is extended backwards over whole pieces of the previous one
   * until it reaches {@code minChunkTokens}: a trailing "Signed." is then embedded with context
   * instead of alone, and no text is lost.
   */
  private void mergeTinyRemainder(String page, List<TextPiece> pieces, List<Range> ranges) {
    if (ranges.size() < 2 || ranges.get(ranges.size() - 1).tokens() >= config.minChunkTokens()) {
      return;
    }
    Range last = ranges.get(ranges.size() - 1);
    Range previous = ranges.get(ranges.size() - 2);
    int merged = count(page, pieces, previous.first(), last.end());
    if (merged <= config.maxTokens()) {
      ranges.remove(ranges.size() - 1);
      ranges.set(ranges.size() - 1, new Range(previous.first(), last.end(), previous.firstNew(), merged));
      return;
    }
    int first = last.first();
    int tokens = last.tokens();
    while (tokens < config.minChunkTokens() && first - 1 > previous.first()) {
      int extended = count(page, pieces, first - 1, last.end());
      if (extended > config.maxTokens()) {
        break;
      }
      first--;
      tokens = extended;
    }
    ranges.set(ranges.size() - 1, new Range(first, last.end(), last.firstNew(), tokens));
  }

  private static int sum(List<TextPiece> pieces, int from, int to) {
    int tokens = 0;
    for (int i = from; i < to; i++) {
      tokens += pieces.get(i).tokens();
    }
    return tokens;
  }

  private int count(String page, List<TextPiece> pieces, int first, int end) {
    return counter.countTokens(page.substring(pieces.get(first).start(), pieces.get(end - 1).end()));
  }
}
