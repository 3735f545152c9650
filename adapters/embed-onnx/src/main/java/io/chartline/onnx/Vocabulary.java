package io.chartline.onnx;

import java.util.Map;

/**
 * A WordPiece vocabulary looked up by a range of a {@link CharSequence}, so the greedy
 * longest-match loop never allocates a substring per candidate.
 *
 * <p>Word-initial pieces and continuation pieces (those spelled with the {@code ##} prefix in
 * the vocabulary) live in two open-addressing tables; continuation pieces are stored without
 * the prefix. Immutable and thread-safe once built.
 */
final class Vocabulary {

  private final Table initialPieces;
  private final Table continuationPieces;
  private final int longestPieceChars;

  Vocabulary(Map<String, Integer> tokenIds, String continuationPrefix) {
    int continuations = (int) tokenIds.keySet().stream().filter(t -> t.startsWith(continuationPrefix)).count();
    initialPieces = new Table(tokenIds.size() - continuations);
    continuationPieces = new Table(continuations);
    int longest = 0;
    for (Map.Entry<String, Integer> e : tokenIds.entrySet()) {
      String token = e.getKey();
      if (token.startsWith(continuationPrefix) && token.length() > continuationPrefix.length()) {
        String piece = token.substring(continuationPrefix.length());
        continuationPieces.put(piece, e.getValue());
        longest = Math.max(longest, piece.length());
      } else {
        initialPieces.put(token, e.getValue());
        longest = Math.max(longest, token.length());
      }
    }
    longestPieceChars = longest;
  }

  /** @return the id of {@code text[from, to)} as a word-initial or continuation piece, or -1. */
  int find(CharSequence text, int from, int to, boolean continuation) {
    return (continuation ? continuationPieces : initialPieces).get(text, from, to);
  }

  /** @return the id of a whole token as spelled in the vocabulary, or -1. */
  int idOf(String token) {
    return initialPieces.get(token, 0, token.length());
  }

  /** @return the length in chars of the longest piece; no longer candidate can match. */
  int longestPieceChars() {
    return longestPieceChars;
  }

  private static final class Table {
    private final String[] keys;
    private final int[] ids;
    private final int mask;

    Table(int expected) {
      int capacity = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
      keys = new String[capacity];
      ids = new int[capacity];
      mask = capacity - 1;
    }

    void put(String key, int id) {
      int slot = hash(key, 0, key.length()) & mask;
      while (keys[slot] != null && !keys[slot].equals(key)) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      ids[slot] = id;
    }

    int get(CharSequence text, int from, int to) {
      int slot = hash(text, from, to) & mask;
      for (String key = keys[slot]; key != null; key = keys[slot]) {
        if (matches(key, text, from, to)) {
          return ids[slot];
        }
        slot = (slot + 1) & mask;
      }
      return -1;
    }

    private static boolean matches(String key, CharSequence text, int from, int to) {
      if (key.length() != to - from) {
        return false;
      }
      for (int i = 0; i < key.length(); i++) {
        if (key.charAt(i) != text.charAt(from + i)) {
          return false;
        }
      }
      return true;
    }

    private static int hash(CharSequence text, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = 31 * h + text.charAt(i);
      }
      return h ^ (h >>> 16) ^ (h >>> 7);
    }
  }
}
