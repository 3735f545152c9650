package io.chartline.common.store;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Port for chunk vectors: idempotent multi-row upserts and tenant-scoped nearest-neighbour search. */
public interface ChunkStore {

  /** A chunk with its embedding, ready to store: its text either in clear or sealed, never both. */
  record ChunkRow(int index, int page, int startOffset, int endOffset, int tokenCount, String content,
      SealedText sealed, float[] embedding) {
    public ChunkRow {
      if ((content == null) == (sealed == null)) {
        throw new IllegalArgumentException("a chunk row carries either content or sealed content");
      }
    }
  }

  /**
   * A search hit: the chunk, its document's title and the cosine similarity to the query. The
   * text is {@code content}, or {@code sealed} until opened with the tenant's key; likewise the
   * title and {@code sealedTitle}.
   */
  record Passage(UUID documentId, String title, int chunkIndex, int page, int startOffset, int endOffset,
      String content, SealedText sealed, double score, SealedText sealedTitle) {

    public Passage withContent(String text) {
      return new Passage(documentId, title, chunkIndex, page, startOffset, endOffset, text, null, score, sealedTitle);
    }

    public Passage withTitle(String opened) {
      return new Passage(documentId, opened, chunkIndex, page, startOffset, endOffset, content, sealed, score, null);
    }
  }

  /**
   * Inserts or replaces chunks keyed by (tenant, document, chunk index) in one statement.
   *
   * @return succeeds once committed; redelivered batches leave exactly one row per chunk
   */
  Future<Void> upsert(TenantId tenant, UUID documentId, long generation, String model, List<ChunkRow> rows);

  /**
   * Like {@link #upsert}, and in the same transaction marks the document indexed when this batch
   * completes it (the document is complete when every chunk of its generation is stored; older generations' rows go).
   *
   * @param concurrentBatches true when other batches of the document may be stored at the same
   *     time (a document sent as several batches)
   * @return the document's chunk count when it is complete for this generation; empty when chunks
   *     are still missing or a newer generation exists
   */
  Future<Optional<Integer>> upsertAndComplete(TenantId tenant, UUID documentId, long generation, String model,
      List<ChunkRow> rows, boolean concurrentBatches);

  /** @return the {@code k} chunks of {@code tenant} nearest to {@code query}, best first. */
  default Future<List<Passage>> search(TenantId tenant, float[] query, int k) {
    return search(DataScope.tenant(tenant), query, k);
  }

  /**
   * @return the {@code k} chunks within {@code scope} nearest to {@code query}, best first; a
   *     patient scope is enforced by the store, not left to the caller to filter
   */
  Future<List<Passage>> search(DataScope scope, float[] query, int k);
}
