package io.chartline.query;

import io.chartline.common.store.ChunkStore.Passage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a generator's markers to the citations an answer returns. A generator's {@code [n]} names
 * the n-th passage it was given; the reply's {@code [n]} names the citation with {@code ref} n.
 * Citations are numbered 1..k in order of first mention, one per chunk (a chunk given twice is
 * one citation), so every marker names exactly one returned citation and every citation is named
 * by at least one marker. Markers naming no given passage are removed and counted.
 */
final class CitationBinder {

  /** A marker: a positive integer in square brackets. */
  static final Pattern MARKER = Pattern.compile("\\[(\\d+)]");

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
    Map<ChunkKey, Citation> byChunk = new HashMap<>();
    List<Citation> citations = new ArrayList<>();
    int dropped = 0;
    StringBuilder out = new StringBuilder(text.length());
    Matcher m = MARKER.matcher(text);
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
    return new Bound(out.toString().strip(), List.copyOf(citations), dropped);
  }
}
