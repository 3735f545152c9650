package io.chartline.common.store;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;

/** Port for the object store holding uploaded documents (S3 in every mode). */
public interface ObjectStore {

  /** Metadata of a stored object. */
  record StoredObject(String bucket, String key, String eTag, String versionId, long size) {
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
  Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType);

  /**
   * Reads an object whole.
   *
   * @return its bytes; fails with OBJECT_NOT_FOUND (permanent) when absent, DOCUMENT_TOO_LARGE when
   *     bigger than {@code maxBytes}, UNAVAILABLE (transient) on connectivity problems
   */
  Future<byte[]> get(TenantId tenant, String bucket, String key, long maxBytes);

  /** Cheap reachability probe for readiness checks. */
  Future<Void> ping();
}
