package io.chartline.query;

import io.chartline.common.generate.Generator;
import io.chartline.common.store.ChunkStore.Passage;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * The generator's side of a streamed answer: renumbers each piece as the reply will ({@link
 * CitationBinder.Refs}) and passes it on, except that text is held back until it has cited a
 * passage. An answer that never cites is thus never sent, and the reply can still say
 * {@code answered: false}. The generator waits for the future of each piece, so the client's pace
 * sets the generator's. One answer, one context.
 */
final class StreamedAnswer implements Generator.Sink {

  private final CitationBinder.Refs refs;
  private final Generator.Sink out;
  private final StringBuilder held = new StringBuilder();
  private final StringBuilder text = new StringBuilder();
  private final long started = System.nanoTime();
  private long firstSent = -1;

  StreamedAnswer(List<Passage> given, Generator.Sink out) {
    this.refs = new CitationBinder.Refs(given);
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public Future<Void> text(String piece) {
    String bound = refs.bind(piece);
    if (!sent()) {
      held.append(bound);
      if (refs.citations().isEmpty()) {
        return Future.succeededFuture();
      }
      bound = held.toString().stripLeading();
      held.setLength(0);
      firstSent = System.nanoTime();
    }
    return send(bound);
  }

  /** Sends what was held back at the end (the tail of an answer that has cited). */
  Future<Void> finish() {
    String tail = refs.finish();
    return sent() ? send(tail) : Future.succeededFuture();
  }

  /** @return whether any text went out */
  boolean sent() {
    return firstSent >= 0;
  }

  /** @return the numbering of the text sent */
  CitationBinder.Refs refs() {
    return refs;
  }

  /** @return the whole text sent, as the reply's {@code answer} */
  String textSent() {
    return text.toString();
  }

  /** @return milliseconds from the generator's start to the first piece sent, or -1 when none was */
  double firstTextMs() {
    return firstSent < 0 ? -1 : Math.round((firstSent - started) / 10_000.0) / 100.0;
  }

  private Future<Void> send(String piece) {
    if (piece.isEmpty()) {
      return Future.succeededFuture();
    }
    text.append(piece);
    return out.text(piece);
  }
}
