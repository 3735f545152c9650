package io.chartline.common.store;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;

/** Port for the object store holding uploaded documents (S3 in every mode). */
public interface ObjectStore {

  /** Metadata of a stored object. */
  record StoredObject(String bucket, String key, String eTag, String versionId, long size) {
  }

  /** An object's bytes and its user metadata (names lower-case, without the {@code x-amz-meta-} prefix). */
  record ObjectBytes(byte[] bytes, Map<String, String> metadata) {
    public ObjectBytes {
      metadata = Map.copyOf(metadata);
    }
  }

  /** @return the bucket documents are written to. */
  String bucket();

  /** Creates the bucket when missing; fails when the store is unreachable. */
  Future<Void> ensureBucket();

  /**
   * Stores {@code content} under {@code key}.
   *
   * @return the stored object's metadata; fails (transient) when the store cannot be reached
   */
  default Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType) {
    return put(tenant, key, content, contentType, Map.of());
  }

  /** Stores {@code content} under {@code key} with user metadata. */
  default Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
      Map<String, String> metadata) {
    return put(tenant, key, content, contentType, metadata, null);
  }

  /**
   * Stores {@code content} under {@code key}; with {@code kmsKeyId}, the store encrypts it at rest
   * with that KMS key (S3: SSE-KMS).
   */
  Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
      Map<String, String> metadata, String kmsKeyId);

  /**
   * Reads an object whole.
   *
   * @return its bytes; fails with OBJECT_NOT_FOUND (permanent) when absent, DOCUMENT_TOO_LARGE when
   *     bigger than {@code maxBytes}, UNAVAILABLE (transient) on connectivity problems
   */
  Future<ObjectBytes> get(TenantId tenant, String bucket, String key, long maxBytes);

  /**
   * Asks the store itself (never a cache) whether an object exists now.
   *
   * @return true or false; fails with UNAVAILABLE (transient) when the store cannot be reached
   */
  Future<Boolean> exists(TenantId tenant, String bucket, String key);

  /**
   * What the store says of an object without reading it.
   *
   * @param contentType null when the object has none
   * @param metadata the object's user metadata, names lower-cased without the {@code x-amz-meta-} prefix
   */
  record ObjectHead(long size, String contentType, String eTag, String versionId, Map<String, String> metadata) {
    public ObjectHead {
      metadata = Map.copyOf(metadata);
    }
  }

  /** @return the object's head, or empty when it does not exist; fails with UNAVAILABLE when the store cannot be reached */
  Future<Optional<ObjectHead>> head(TenantId tenant, String bucket, String key);

  /** Deletes one object; succeeds when it is already gone. */
  Future<Void> delete(TenantId tenant, String key);

  /**
   * Deletes the next batch of at most {@code limit} objects (every version, where the bucket keeps
   * versions) whose key starts with {@code prefix}. Call it until it answers 0: each call is one
   * bounded round of requests, so a caller can time it out, retry it and record progress.
   *
   * @return how many objects or versions were deleted, 0 when none remain under the prefix; fails
   *     (transient) when the store cannot be reached or refuses a deletion
   */
  Future<Long> deletePrefix(TenantId tenant, String prefix, int limit);

  /** Cheap reachability probe for readiness checks. */
  Future<Void> ping();
}
