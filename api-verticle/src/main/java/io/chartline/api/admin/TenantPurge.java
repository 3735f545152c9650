package io.chartline.api.admin;

import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.crypto.TenantKeyStore;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.store.DocumentRepository;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * The destructive steps of a tenant deletion, each idempotent so a job can repeat any of them after
 * a crash: destroying the key material, purging the database, deleting the objects one batch at a
 * time. {@link TenantDeletion} orders them and records their progress.
 */
public final class TenantPurge {

  /** Objects deleted per call to the store: one list request and one multi-object delete. */
  static final int OBJECT_BATCH = 500;

  private final Vertx vertx;
  private final TenantKeyStore keys;
  private final KeyBackend backend;
  private final TenantCrypto crypto;
  private final ObjectStore objects;
  private final DocumentRepository documents;

  /** What the database purge removed. */
  public record Purged(long documents, long chunks) {
  }

  /** @param backend where key material lives; null on a node running without encryption */
  public TenantPurge(Vertx vertx, TenantKeyStore keys, KeyBackend backend, TenantCrypto crypto, ObjectStore objects,
      DocumentRepository documents) {
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
   * Drops the tenant's chunk partition (text, vectors, HNSW index) and deletes its documents and
   * break-glass grants, on {@code conn}, whose transaction is scoped to the tenant; the tenant
   * becomes {@code deleted}.
   *
   * @return what was removed (zero when an earlier run already purged it)
   */
  public Future<Purged> purgeDatabase(SqlConnection conn, TenantId tenant) {
    return conn.preparedQuery("SELECT count(*) FROM chunks WHERE tenant_id = $1").execute(Tuple.of(tenant.value()))
        .compose(chunks -> conn.preparedQuery("SELECT purge_tenant($1)").execute(Tuple.of(tenant.value()))
            .map(rs -> new Purged(rs.iterator().next().getLong(0), chunks.iterator().next().getLong(0))));
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
