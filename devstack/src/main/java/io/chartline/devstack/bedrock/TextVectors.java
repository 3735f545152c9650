package io.chartline.devstack.bedrock;

import java.util.List;

/**
 * A text embedding model that {@link LocalBedrock} runs behind its Titan endpoint, so that
 * embeddings — and the retrieval built on them — are real. Its vectors, of the model's own
 * {@link #dimension()}, are projected to the dimension a request asks for (256, 512 or 1024).
 *
 * <p>Implementations must be thread-safe. {@link #vectors} is called on a worker thread, never on
 * an event loop, and may block for as long as inference takes.
 */
public interface TextVectors {

  /** The length of every vector {@link #vectors} returns; at least 1. */
  int dimension();

  /**
   * One vector per text, in the order of {@code texts}.
   *
   * @throws RuntimeException when the model fails; the caller answers the request with a 500
   *                          {@code InternalServerException}
   */
  List<float[]> vectors(List<String> texts);
}
