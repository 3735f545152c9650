package io.chartline.common.generate;

import io.chartline.common.store.ChunkStore.Passage;
import io.vertx.core.Future;
import java.util.List;

/**
 * Port for answer generation from retrieved passages: extractive locally, an LLM (Bedrock Claude)
 * in production. Answers cite only passages they were given.
 */
public interface Generator {

  /** An answer and the indexes (into the passages given) of the passages it cites. */
  record Answer(String text, List<Integer> citedPassages) {
    public Answer {
      citedPassages = List.copyOf(citedPassages);
    }
  }

  /** @return the answer; fails when the generator is unavailable. An empty text means no answer. */
  Future<Answer> answer(String question, List<Passage> passages);

  String id();
}
