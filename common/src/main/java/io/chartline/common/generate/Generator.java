package io.chartline.common.generate;

import io.chartline.common.store.ChunkStore.Passage;
import io.vertx.core.Future;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Port for answer generation from retrieved passages: extractive locally, an LLM (Bedrock Claude)
 * in production. Answers cite only passages they were given.
 *
 * <p>Citation contract: the answer text cites with markers {@code [n]} (a positive integer in
 * square brackets), where {@code n} is the 1-based position of a passage in the list the generator
 * was given. The query role binds the markers to the citations it returns and renumbers them; a
 * marker naming no given passage is removed there. Text quoted from a passage or written by a model
 * must not carry bracketed numbers of its own, or they would read as markers: a generator
 * neutralises them ({@link #neutralise}).
 */
public interface Generator {

  /** A marker: a positive integer in square brackets. */
  Pattern MARKER = Pattern.compile("\\[(\\d+)]");

  /**
   * The answer text with its markers; empty when the passages hold no answer.
   *
   * @param refused the model declined to answer (a guardrail intervened or its content filter
   *     stopped it): the text is not an answer and is not returned
   */
  record Answer(String text, boolean refused) {
    public Answer {
      text = text == null ? "" : text;
    }

    public Answer(String text) {
      this(text, false);
    }
  }

  /** Receives a streamed answer piece by piece, with the markers of the citation contract. */
  interface Sink {
    /**
     * @param piece the next text, markers whole or split over pieces
     * @return completes when the sink can take the next piece; a failed future stops the stream
     */
    Future<Void> text(String piece);
  }

  /** A running streamed answer. */
  interface Streaming {
    /** @return the whole answer once the last piece was taken; fails as {@link #answer} fails */
    Future<Answer> done();

    /** Stops the generation (the client went away); {@link #done()} then fails. Idempotent. */
    void cancel();

    /** @return a stream that is already decided (or decided without generating): cancelling does nothing */
    static Streaming of(Future<Answer> done) {
      return of(done, () -> { });
    }

    /** @return a stream ending with {@code done}, whose {@link #cancel} runs {@code onCancel} */
    static Streaming of(Future<Answer> done, Runnable onCancel) {
      return new Streaming() {
        @Override
        public Future<Answer> done() {
          return done;
        }

        @Override
        public void cancel() {
          onCancel.run();
        }
      };
    }
  }

  /** @return the answer; fails when the generator is unavailable. An empty text means no answer. */
  Future<Answer> answer(String question, List<Passage> passages);

  /**
   * Streams the answer into {@code sink}, taking the next piece only after the sink's future for
   * the previous one completed (backpressure). This default generates the whole answer and hands it
   * over as one piece.
   */
  default Streaming stream(String question, List<Passage> passages, Sink sink) {
    boolean[] cancelled = {false};
    Future<Answer> done = answer(question, passages).compose(a -> {
      if (cancelled[0]) {
        return Future.failedFuture(new IllegalStateException("the answer was cancelled"));
      }
      return a.text().isEmpty() || a.refused() ? Future.succeededFuture(a) : sink.text(a.text()).map(a);
    });
    return Streaming.of(done, () -> cancelled[0] = true);
  }

  /** @return whether the generator can serve now (false while its circuit is open) */
  default boolean ready() {
    return true;
  }

  /** Releases what the generator holds (clients, connections). */
  default void close() {
  }

  /** @return a stable identifier of the generator, reported with each answer */
  String id();

  /** @return {@code text} with every bracketed number made parenthesised, so it cannot read as a marker */
  static String neutralise(String text) {
    return MARKER.matcher(text).replaceAll("($1)");
  }
}
