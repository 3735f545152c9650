package io.chartline.common.store;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port for document rows and their status transitions ({@code received → parsed → indexed}, or
 * {@code failed}, or {@code deleted}). Every call is confined to one tenant (or a narrower
 * {@link DataScope}) by the store itself, not by the caller's filtering.
 */
public interface DocumentStore {

  /** A document's status and the generation the ingest stage last assigned it. */
  record Generation(DocumentStatus status, long generation) {
  }

  /** Registers the tenant (and whatever it needs to hold data) once; idempotent. */
  Future<Void> ensureTenant(TenantId tenant);

  /** Forgets that {@code tenant} was registered (after it was deleted). */
  void forget(TenantId tenant);

  /**
   * Inserts a document in status {@code received}, its title either in clear or sealed (never
   * both); fails if the id already exists, with {@code TENANT_DELETED} for a tenant being deleted.
   *
   * @param patientId the patient the document belongs to (null: none)
   */
  Future<Void> insertReceived(TenantId tenant, UUID id, String title, SealedText sealedTitle, String patientId,
      String contentType, long size, ObjectStore.StoredObject object, String createdBy);

  /** Like {@link #insertReceived(TenantId, UUID, String, SealedText, String, String, long, ObjectStore.StoredObject, String)} for a document with a clear title and no patient. */
  default Future<Void> insertReceived(TenantId tenant, UUID id, String title, String contentType, long size,
      ObjectStore.StoredObject object, String createdBy) {
    return insertReceived(tenant, id, title, null, null, contentType, size, object, createdBy);
  }

  /** @return the document, or empty when it does not exist within {@code scope}. */
  Future<Optional<Document>> find(DataScope scope, UUID id);

  /** @return the document, or empty when it does not exist for this tenant. */
  default Future<Optional<Document>> find(TenantId tenant, UUID id) {
    return find(DataScope.tenant(tenant), id);
  }

  /**
   * A page of the documents within {@code scope}, newest first.
   *
   * @param patientId only this patient's documents (null: all the scope allows)
   * @param status only documents in this status (null: any)
   */
  Future<List<Document>> list(DataScope scope, String patientId, DocumentStatus status, int limit, int offset);

  /** A page of the tenant's documents, newest first, with an optional status filter. */
  default Future<List<Document>> list(TenantId tenant, DocumentStatus status, int limit, int offset) {
    return list(DataScope.tenant(tenant), null, status, limit, offset);
  }

  /**
   * Records a successful parse under {@code generation}; refused (false) once the document is
   * indexed, failed or deleted, or when a newer parse is already recorded.
   */
  Future<Boolean> markParsed(TenantId tenant, UUID id, long generation, int pages, int chunks);

  /** @return the document's status and generation, or empty when there is no such document */
  Future<Optional<Generation>> generation(TenantId tenant, UUID id);

  /**
   * Purges a document's chunks and marks it deleted, in one transaction.
   *
   * @return true when the document existed (deleting again is a no-op that also returns true)
   */
  Future<Boolean> markDeleted(TenantId tenant, UUID id);

  /** Fails a document with a stable code and a PHI-free message; one already indexed, failed or deleted is left alone. */
  Future<Void> markFailed(TenantId tenant, UUID id, String code, String message);

  /**
   * Fails the document a dead-lettered pipeline record was about, when the record names one: its
   * key is the document id and its {@code tenant-id} header the tenant (the store confines the
   * update to that tenant).
   *
   * @return succeeds also when the record names no document
   */
  default Future<Void> failDeadLettered(String tenantHeader, String key, String stage, String code) {
    UUID id = null;
    try {
      id = key == null ? null : UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      // not a document key: nothing to settle
    }
    if (id == null || tenantHeader == null || !TenantId.isValid(tenantHeader)) {
      return Future.succeededFuture();
    }
    return markFailed(TenantId.of(tenantHeader), id, code, "the " + stage + " stage gave up on this document ("
        + code + "); it is on the dead-letter topic. Upload it again");
  }
}
