package io.chartline.common.crypto;

import io.chartline.common.db.TenantTx;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.store.DocumentRepository;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a tenant by crypto-shredding first: the tenant is marked {@code deleting} (no new
 * document is accepted), its key material is destroyed (so every copy of its data that Chartline
 * cannot reach — Kafka records, backups — stops opening), then its objects, documents, chunks
 * and vectors are purged and it is marked {@code deleted}. Every step is idempotent: a failed
 * deletion is finished by calling it again. The audit log keeps the tenant's history.
 */
public final class TenantDeletion {

  private static final Logger LOG = LoggerFactory.getLogger(TenantDeletion.class);

  private final Vertx vertx;
  private final Pool pool;
  private final TenantKeyStore keys;
  private final KeyBackend backend;
  private final TenantCrypto crypto;
  private final ObjectStore objects;
  private final DocumentRepository documents;

  /** What a deletion removed. */
  public record Result(TenantId tenant, int keyVersionsDestroyed, long objectsDeleted, long documentsDeleted) {
  }

  /** @param backend where key material lives; null on a node running without encryption */
  public TenantDeletion(Vertx vertx, Pool pool, TenantKeyStore keys, KeyBackend backend, TenantCrypto crypto,
      ObjectStore objects, DocumentRepository documents) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.backend = backend;
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.objects = Objects.requireNonNull(objects, "objects");
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  /**
   * @return what was removed; fails with {@code NOT_FOUND} for a tenant that never existed and
   *     {@code TENANT_DELETED} for one already deleted
   */
  public Future<Result> delete(TenantId tenant) {
    return markDeleting(tenant)
        .compose(v -> keys.load(tenant))
        .compose(rows -> vertx.executeBlocking(() -> {
          for (TenantKeyRow r : rows) {
            if (r.state() != TenantKeyRow.State.DESTROYED && backend != null) {
              backend.destroy(r);
            }
          }
          return rows;
        }, false))
        .compose(rows -> keys.destroyAll(tenant).map(v -> rows.size()))
        .compose(destroyed -> {
          crypto.evict(tenant);
          documents.forget(tenant);
          LOG.info("tenant keys destroyed [tenant: {}, versions: {}]", tenant, destroyed);
          return objects.deletePrefix(tenant, "tenants/" + tenant.value() + "/")
              .compose(objectsDeleted -> TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
                      "SELECT purge_tenant($1)").execute(Tuple.of(tenant.value())))
                  .map(rs -> new Result(tenant, destroyed, objectsDeleted, rs.iterator().next().getLong(0))));
        })
        .onSuccess(r -> LOG.info("tenant deleted [tenant: {}, objects: {}, documents: {}]", tenant,
            r.objectsDeleted(), r.documentsDeleted()));
  }

  private Future<Void> markDeleting(TenantId tenant) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "UPDATE tenants SET state = 'deleting' WHERE tenant_id = $1 AND state IN ('active', 'deleting') "
                + "RETURNING state")
        .execute(Tuple.of(tenant.value()))
        .compose(rs -> rs.size() == 1 ? Future.<Void>succeededFuture()
            : conn.preparedQuery("SELECT state FROM tenants WHERE tenant_id = $1").execute(Tuple.of(tenant.value()))
                .compose(existing -> Future.failedFuture(existing.size() == 0
                    ? new ChartlineException(ErrorCode.NOT_FOUND, tenant, "tenant not found", null)
                    : new ChartlineException(ErrorCode.TENANT_DELETED, tenant, "tenant already deleted", null)))));
  }
}
