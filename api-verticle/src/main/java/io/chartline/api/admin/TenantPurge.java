package io.chartline.api.admin;

import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.KeyVersions;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.store.DocumentStore;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;

/**
 * The destructive steps of a tenant deletion outside its job record, each idempotent so a job can
 * repeat any of them after a crash: destroying the key material and deleting the objects one batch
 * at a time (the database purge is one step of the job's store, so it and its record commit
 * together). {@link TenantDeletion} orders them and records their progress.
 */
public final class TenantPurge {

  /** Objects deleted per call to the store: one list request and one multi-object delete. */
  static final int OBJECT_BATCH = 500;

  private final Vertx vertx;
  private final KeyVersions keys;
  private final KeyBackend backend;
  private final TenantCrypto crypto;
  private final ObjectStore objects;
  private final DocumentStore documents;

  /** @param backend where key material lives; null on a node running without encryption */
  public TenantPurge(Vertx vertx, KeyVersions keys, KeyBackend backend, TenantCrypto crypto, ObjectStore objects,
      DocumentStore documents) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.backend = backend;
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.objects = Objects.requireNonNull(objects, "objects");
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  /**
   * Destroys every version of the tenant's key (KMS: schedules the keys' deletion; local: erases the
   * wrapped keys). From then on nothing sealed for the tenant opens, wherever a copy survives.
   *
   * @return how many versions the tenant has (all now destroyed); fails (transient) when the key
   *     backend or the database cannot be reached, and then may be called again
   */
  public Future<Integer> destroyKeys(TenantId tenant) {
    return keys.load(tenant)
        .compose(rows -> vertx.executeBlocking(() -> {
          for (TenantKeyRow r : rows) {
            if (r.state() != TenantKeyRow.State.DESTROYED && backend != null) {
              backend.destroy(r);
            }
          }
          return rows.size();
        }, false))
        .compose(versions -> keys.destroyAll(tenant).map(versions))
        .onSuccess(v -> {
          crypto.evict(tenant);
          documents.forget(tenant);
        });
  }

  /**
   * Deletes the next batch of the tenant's objects (every version, where the bucket keeps them).
   *
   * @return how many were deleted, 0 once none remain; fails (transient) when the store cannot be
   *     reached or refuses
   */
  public Future<Long> deleteObjectBatch(TenantId tenant) {
    return objects.deletePrefix(tenant, ObjectKeys.tenantPrefix(tenant), OBJECT_BATCH);
  }
}
