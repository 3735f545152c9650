package io.chartline.common.generate;

import io.chartline.common.store.ChunkStore.Passage;
import io.vertx.core.Future;
import java.util.List;

/**
 * Port for answer generation from retrieved passages: extractive locally, an LLM (Bedrock Claude)
 * in production. Answers cite only passages they were given.
 *
 * <p>Citation contract: the answer text cites with markers {@code [n]} (a positive integer in
 * square brackets), where {@code n} is the 1-based position of a passage in the list the generator
 * was given. The query role binds the markers to the citations it returns and renumbers them; a
 * marker naming no given passage is removed there. Text quoted from a passage must not carry
 * bracketed numbers of its own, or they would read as markers.
 */
public interface Generator {

  /** The answer text with its markers; empty when the passages hold no answer. */
  record Answer(String text) {
    public Answer {
      text = text == null ? "" : text;
    }
  }

  /** @return the answer; fails when the generator is unavailable. An empty text means no answer. */
  Future<Answer> answer(String question, List<Passage> passages);

  /** @return a stable identifier of the generator, reported with each answer */
  String id();
}
