package io.chartline.common.embed;

import io.vertx.core.Future;
import java.util.List;

/**
 * Port for turning texts into embedding vectors.
 *
 * <p>Vectors are L2-normalised (unit length), so cosine similarity is their dot product, and
 * each has {@link #dimension()} elements. Implementations are thread-safe.
 */
public interface Embedder {

  /**
   * Embeds {@code texts}, one vector per text in the same order.
   *
   * @return a future that succeeds with the vectors (an empty list for no texts) or fails with
   *     the cause: {@link IllegalStateException} once the embedder is closed, otherwise the
   *     underlying model or provider error
   */
  Future<List<float[]>> embed(List<String> texts);

  /** @return the number of elements in every vector. */
  int dimension();

  /** @return a stable identifier of the model, stored beside the vectors so that mixed models are never compared. */
  String modelId();

  /** Releases the model; later {@link #embed} calls fail. Calls in flight finish first. Idempotent. */
  void close();
}
