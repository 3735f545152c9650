package io.chartline.common.embed;

import io.chartline.common.tenant.TenantId;
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

  /**
   * Embeds {@code texts} on behalf of {@code tenant}, so that an embedder with a shared quota can
   * share it fairly between tenants. Same contract as {@link #embed(List)}, which it calls unless
   * overridden.
   *
   * @param tenant the tenant the texts belong to, or null when none (a search across tenants, a warm-up)
   */
  default Future<List<float[]>> embed(TenantId tenant, List<String> texts) {
    return embed(texts);
  }

  /**
   * Whether new work should wait: an embedder with a bounded queue in front of a quota says so when
   * that queue fills, and a consumer pauses instead of queueing more. An in-process model can
   * always take more work, which is the default.
   *
   * @return true while callers should hold back new texts
   */
  default boolean saturated() {
    return false;
  }

  /**
   * @return a future that completes once {@link #saturated()} no longer holds (at once by default);
   *     it never fails
   */
  default Future<Void> capacity() {
    return Future.succeededFuture();
  }

  /**
   * Whether the embedder can serve at all, for readiness: false while a remote model is cut off (an
   * open circuit breaker). True by default.
   */
  default boolean ready() {
    return true;
  }

  /** @return the number of elements in every vector. */
  int dimension();

  /** @return a stable identifier of the model, stored beside the vectors so that mixed models are never compared. */
  String modelId();

  /** Releases the model; later {@link #embed} calls fail. Calls in flight finish first. Idempotent. */
  void close();
}
