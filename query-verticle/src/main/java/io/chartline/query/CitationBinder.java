package io.chartline.query;

import io.chartline.common.generate.Generator;
import io.chartline.common.store.ChunkStore.Passage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * Binds a generator's markers to the citations an answer returns. A generator's {@code [n]} names
 * the n-th passage it was given; the reply's {@code [n]} names the citation with {@code ref} n.
 * Citations are numbered 1..k in order of first mention, one per chunk (a chunk given twice is
 * one citation), so every marker names exactly one returned citation and every citation is named
 * by at least one marker. Markers naming no given passage are removed and counted.
 *
 * <p>{@link Refs} binds a streamed answer piece by piece with the same numbering: a marker split
 * over two pieces, and the spaces before it, are held back until it is whole.
 */
final class CitationBinder {

  /** A citation: its number in the text and the index (into the passages given) of its chunk. */
  record Citation(int ref, int passageIndex) {
  }

  /** The renumbered text, its citations in {@code ref} order, and how many markers named nothing. */
  record Bound(String text, List<Citation> citations, int droppedMarkers) {
  }

  private record ChunkKey(UUID documentId, int chunkIndex) {
  }

  private CitationBinder() {
  }

  static Bound bind(String text, List<Passage> given) {
    Refs refs = new Refs(given);
    String out = refs.bind(text) + refs.finish();
    return new Bound(out.strip(), refs.citations(), refs.dropped());
  }

  /** The numbering of one answer, fed in pieces. Not thread-safe: one answer, one context. */
  static final class Refs {
    private final List<Passage> given;
    private final Map<ChunkKey, Citation> byChunk = new HashMap<>();
    private final List<Citation> citations = new ArrayList<>();
    private final StringBuilder held = new StringBuilder();
    private int dropped;

    Refs(List<Passage> given) {
      this.given = List.copyOf(given);
    }

    /** @return the renumbered text of everything up to a marker that may still be incomplete */
    String bind(String piece) {
      held.append(piece);
      int cut = held.length();
      int open = held.lastIndexOf("[");
      if (open >= 0 && held.indexOf("]", open) < 0 && digitsOnly(held, open + 1)) {
        cut = open; // "[1" may become "[12]" with the next piece
      }
      while (cut > 0 && held.charAt(cut - 1) == ' ') {
        cut--; // a marker dropped next takes the space before it with it, as in a whole text
      }
      String ready = held.substring(0, cut);
      held.delete(0, cut);
      return renumber(ready);
    }

    /** @return what was held back at the end of the answer (an unfinished "[12" is plain text) */
    String finish() {
      String rest = held.toString();
      held.setLength(0);
      return rest;
    }

    List<Citation> citations() {
      return List.copyOf(citations);
    }

    int dropped() {
      return dropped;
    }

    private String renumber(String text) {
      StringBuilder out = new StringBuilder(text.length());
      Matcher m = Generator.MARKER.matcher(text);
      int from = 0;
      while (m.find()) {
        out.append(text, from, m.start());
        from = m.end();
        int n = m.group(1).length() > 9 ? -1 : Integer.parseInt(m.group(1));
        if (n < 1 || n > given.size()) {
          dropped++;
          // "sentence. [9] next" becomes "sentence. next"
          if (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
          }
          continue;
        }
        Passage p = given.get(n - 1);
        Citation c = byChunk.computeIfAbsent(new ChunkKey(p.documentId(), p.chunkIndex()), k -> {
          Citation added = new Citation(citations.size() + 1, n - 1);
          citations.add(added);
          return added;
        });
        out.append('[').append(c.ref()).append(']');
      }
      out.append(text, from, text.length());
      return out.toString();
    }

    private static boolean digitsOnly(CharSequence s, int from) {
      for (int i = from; i < s.length(); i++) {
        if (!Character.isDigit(s.charAt(i))) {
          return false;
        }
      }
      return true;
    }
  }
}
