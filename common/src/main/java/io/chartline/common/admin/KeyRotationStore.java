package io.chartline.common.admin;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port for key rotation jobs and the stored texts they re-seal: chunk text and document titles not
 * yet under the tenant's active key version. A text is written back only if it was not rewritten
 * since it was read ({@code seen}), so a chunk re-indexed meanwhile is left for the next batch.
 */
public interface KeyRotationStore extends JobLeases<KeyRotationStore.Job> {

  /** A re-encryption job. */
  record Job(UUID id, TenantId tenant, int fromVersion, int toVersion, String state, long totalChunks,
      long doneChunks, Instant startedAt, Instant updatedAt, Instant finishedAt, String errorCode) {
  }

  /** A stored chunk's text: in clear ({@code content}) or sealed, and when it was last written. */
  record StoredChunk(UUID documentId, int chunkIndex, String content, SealedText sealed, Instant seen) {
  }

  /** A document's title: in clear or sealed, and when the document was last written. */
  record StoredTitle(UUID documentId, String title, SealedText sealed, Instant seen) {
  }

  /** A text sealed again, for the row read at {@code seen}; {@code chunkIndex} is ignored for titles. */
  record Resealed(UUID documentId, int chunkIndex, SealedText sealed, Instant seen) {
  }

  /**
   * Makes {@code next} the tenant's active key version (the active one, {@code fromVersion},
   * becomes retiring) and records a running job counting the chunks not under {@code next}, in
   * one transaction.
   *
   * @return the job; fails with {@code CONFLICT} when the active version is no longer
   *     {@code fromVersion} or another rotation of the tenant runs
   */
  Future<Job> start(TenantKeyRow next, int fromVersion, String requestedBy);

  /** @return the job, or empty when the tenant has no such job */
  Future<Optional<Job>> find(TenantId tenant, UUID jobId);

  /** @return every running job, of every tenant */
  Future<List<Ref>> running();

  /** @return up to {@code limit} chunks whose text is not sealed under {@code version} */
  Future<List<StoredChunk>> chunksNotUnder(TenantId tenant, int version, int limit);

  /**
   * Writes re-sealed chunk texts back (clearing any clear text) and counts them on the job.
   *
   * @return how many were written (a chunk rewritten since it was read is skipped)
   */
  Future<Integer> writeChunks(TenantId tenant, UUID jobId, List<Resealed> chunks);

  /** @return up to {@code limit} document titles not sealed under {@code version} */
  Future<List<StoredTitle>> titlesNotUnder(TenantId tenant, int version, int limit);

  /** Writes re-sealed titles back (clearing any clear title); a document rewritten since it was read is skipped. */
  Future<Void> writeTitles(TenantId tenant, List<Resealed> titles);

  /** Retires the key versions below {@code toVersion} and completes the job, in one transaction. */
  Future<Void> complete(TenantId tenant, UUID jobId, int toVersion);

  /** Records the running job as failed with {@code errorCode} and releases its lease. */
  Future<Void> fail(TenantId tenant, UUID jobId, String errorCode);
}
