package io.chartline.pg;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.store.Document;
import io.chartline.common.store.DocumentStatus;
import io.chartline.common.store.DocumentStore;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code documents}: the {@link DocumentStore} in PostgreSQL. Every statement runs in a
 * tenant-scoped transaction ({@link TenantTx}), so Row-Level Security confines it to the caller's
 * tenant (and patient scope).
 */
public final class PgDocumentStore implements DocumentStore {

  private static final String MARK_INDEXED = "WITH done AS (UPDATE documents d SET "
      + "status = 'indexed', indexed_at = COALESCE(d.indexed_at, now()), updated_at = now() "
      + "WHERE d.tenant_id = $1 AND d.document_id = $2 AND d.generation = $3 "
      + "AND d.status IN ('parsed', 'indexed') AND d.chunk_count <= (SELECT count(*) FROM chunks c "
      + "WHERE c.tenant_id = $1 AND c.document_id = $2 AND c.generation = $3) RETURNING d.chunk_count), "
      + "purged AS (DELETE FROM chunks c WHERE c.tenant_id = $1 AND c.document_id = $2 "
      + "AND c.generation < $3 AND EXISTS (SELECT 1 FROM done)) "
      + "SELECT chunk_count FROM done";

  private static final String COLUMNS = "tenant_id, document_id, title, content_type, size_bytes, status, "
      + "error_code, error_message, page_count, chunk_count, object_bucket, object_key, object_etag, "
      + "created_at, updated_at, indexed_at, title_cipher, title_key_version, patient_id";

  private final Pool pool;
  private final Set<TenantId> knownTenants = ConcurrentHashMap.newKeySet();

  public PgDocumentStore(Pool pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /** Registers the tenant (and its chunk partition) once per process; idempotent in the database. */
  @Override
  public Future<Void> ensureTenant(TenantId tenant) {
    if (knownTenants.contains(tenant)) {
      return Future.succeededFuture();
    }
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("SELECT ensure_tenant($1)")
            .execute(Tuple.of(tenant.value())))
        .recover(t -> tenantDeleted(tenant, t))
        .onSuccess(v -> knownTenants.add(tenant))
        .mapEmpty();
  }

  @Override
  public Future<Void> insertReceived(TenantId tenant, UUID id, String title, SealedText sealedTitle, String patientId,
      String contentType, long size, ObjectStore.StoredObject object, String createdBy) {
    return ensureTenant(tenant).compose(v -> TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "INSERT INTO documents (tenant_id, document_id, title, content_type, size_bytes, object_bucket, "
                + "object_key, object_etag, status, created_by, title_cipher, title_key_version, patient_id) "
                + "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'received',$9,$10,$11,$12)")
        .execute(Tuple.tuple().addString(tenant.value()).addUUID(id).addString(sealedTitle == null ? title : null)
            .addString(contentType).addLong(size).addString(object.bucket()).addString(object.key())
            .addString(object.eTag()).addString(createdBy)
            .addBuffer(sealedTitle == null ? null : Buffer.buffer(sealedTitle.message()))
            .addInteger(sealedTitle == null ? null : sealedTitle.keyVersion()).addString(patientId))))
        .recover(t -> tenantDeleted(tenant, t))
        .mapEmpty();
  }

  /** The database refuses tenants that are being or were deleted with SQLSTATE 55000. */
  private static <T> Future<T> tenantDeleted(TenantId tenant, Throwable t) {
    return Future.failedFuture(t instanceof PgException pg && "55000".equals(pg.getSqlState())
        ? new ChartlineException(ErrorCode.TENANT_DELETED, tenant, "tenant was deleted", null) : t);
  }

  @Override
  public void forget(TenantId tenant) {
    knownTenants.remove(tenant);
  }

  @Override
  public Future<Optional<Document>> find(DataScope scope, UUID id) {
    return TenantTx.run(pool, scope, conn -> conn.preparedQuery("SELECT " + COLUMNS
            + " FROM documents WHERE tenant_id = $1 AND document_id = $2")
        .execute(Tuple.of(scope.tenant().value(), id)))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(toDocument(rs.iterator().next())));
  }

  @Override
  public Future<List<Document>> list(DataScope scope, String patientId, DocumentStatus status, int limit,
      int offset) {
    Tuple t = Tuple.of(scope.tenant().value(), limit, offset);
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM documents WHERE tenant_id = $1");
    if (status != null) {
      t.addString(status.db());
      sql.append(" AND status = $").append(t.size());
    }
    if (patientId != null) {
      t.addString(patientId);
      sql.append(" AND patient_id = $").append(t.size());
    }
    sql.append(" ORDER BY created_at DESC, document_id DESC LIMIT $2 OFFSET $3");
    return TenantTx.run(pool, scope, conn -> conn.preparedQuery(sql.toString()).execute(t))
        .map(PgDocumentStore::toList);
  }

  @Override
  public Future<Boolean> markParsed(TenantId tenant, UUID id, long generation, int pages, int chunks) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE documents SET status = 'parsed', "
            + "generation = $3, page_count = $4, chunk_count = $5, error_code = NULL, error_message = NULL, "
            + "updated_at = now() WHERE tenant_id = $1 AND document_id = $2 AND status IN ('received', 'parsed') "
            // redelivered uploads parse concurrently: an older parse must not replace a newer one,
            // or the document would wait for the older generation's chunks, which the newer
            // rows already overwrote, and stay 'parsed' for good
            + "AND generation < $3")
        .execute(Tuple.of(tenant.value(), id, generation, pages, chunks)))
        .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Optional<Generation>> generation(TenantId tenant, UUID id) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("SELECT status, generation FROM documents "
            + "WHERE tenant_id = $1 AND document_id = $2").execute(Tuple.of(tenant.value(), id)))
        .map(rs -> rs.size() == 0 ? Optional.<Generation>empty() : Optional.of(new Generation(
            DocumentStatus.fromDb(rs.iterator().next().getString(0)), rs.iterator().next().getLong(1))));
  }

  @Override
  public Future<Boolean> markDeleted(TenantId tenant, UUID id) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("DELETE FROM chunks WHERE tenant_id = $1 "
            + "AND document_id = $2").execute(Tuple.of(tenant.value(), id))
        .compose(rs -> conn.preparedQuery("UPDATE documents SET status = 'deleted', updated_at = now() "
            + "WHERE tenant_id = $1 AND document_id = $2").execute(Tuple.of(tenant.value(), id))))
        .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Void> markFailed(TenantId tenant, UUID id, String code, String message) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE documents SET status = 'failed', "
            + "error_code = $3, error_message = $4, updated_at = now() WHERE tenant_id = $1 AND document_id = $2 "
            + "AND status IN ('received', 'parsed')")
        .execute(Tuple.of(tenant.value(), id, code, message)))
        .mapEmpty();
  }

  /**
   * Marks the document indexed when every chunk of generation {@code generation} is stored, and
   * in the same transaction removes rows of older generations (a re-parse that produced fewer
   * chunks leaves none behind). One statement of a transaction the caller runs for {@code tenant}
   * (see {@link TenantTx}), so it counts that transaction's own chunks as well; used by
   * {@link PgChunkStore#upsertAndComplete}.
   *
   * @return the chunk count when the document is complete for this generation (also when an
   *     earlier call already marked it, so a retried batch re-announces it: at-least-once); empty
   *     when chunks are still missing or a newer generation exists
   */
  Future<Optional<Integer>> markIndexedIfComplete(SqlConnection conn, TenantId tenant, UUID id,
      long generation) {
    return conn.preparedQuery(MARK_INDEXED).execute(Tuple.of(tenant.value(), id, generation))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getInteger(0)));
  }

  /** Holds the document's row until the caller's transaction ends: batches of one document take turns. */
  Future<Void> lockForIndexing(SqlConnection conn, TenantId tenant, UUID id) {
    return conn.preparedQuery("SELECT 1 FROM documents WHERE tenant_id = $1 AND document_id = $2 FOR UPDATE")
        .execute(Tuple.of(tenant.value(), id)).mapEmpty();
  }

  private static List<Document> toList(RowSet<Row> rs) {
    List<Document> out = new ArrayList<>(rs.size());
    for (Row r : rs) {
      out.add(toDocument(r));
    }
    return out;
  }

  private static Document toDocument(Row r) {
    return new Document(TenantId.of(r.getString("tenant_id")), r.getUUID("document_id"), r.getString("title"),
        r.getString("content_type"), r.getLong("size_bytes"), DocumentStatus.fromDb(r.getString("status")),
        r.getString("error_code"), r.getString("error_message"), r.getInteger("page_count"),
        r.getInteger("chunk_count"), r.getString("object_bucket"), r.getString("object_key"),
        r.getString("object_etag"), r.get(OffsetDateTime.class, "created_at"),
        r.get(OffsetDateTime.class, "updated_at"), r.get(OffsetDateTime.class, "indexed_at"),
        r.getBuffer("title_cipher") == null ? null
            : new SealedText(r.getInteger("title_key_version"), r.getBuffer("title_cipher").getBytes()),
        r.getString("patient_id"));
  }
}
