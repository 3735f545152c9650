package io.chartline.pg;

import io.chartline.common.admin.KeyRotationStore;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code key_rotations} and the re-sealing of {@code chunks} and {@code documents} titles: the
 * {@link KeyRotationStore} in PostgreSQL, every statement under the tenant's RLS scope (the list
 * of running jobs of every tenant comes from a {@code SECURITY DEFINER} function that returns ids
 * only).
 */
public final class PgKeyRotationStore extends PgJobs<KeyRotationStore.Job> implements KeyRotationStore {

  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  public PgKeyRotationStore(Pool pool) {
    super(new JobLease(pool, "key_rotations", List.of("running")));
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public Future<Job> start(TenantKeyRow next, int fromVersion, String requestedBy) {
    TenantId tenant = next.tenant();
    return TenantTx.run(pool, tenant, conn -> PgKeyVersions.rotateTo(conn, next)
            .compose(rotated -> !rotated
                ? Future.<Void>failedFuture(conflict(tenant, "the tenant key changed meanwhile; try again"))
                : Future.<Void>succeededFuture())
            .compose(v -> conn.preparedQuery("INSERT INTO key_rotations (job_id, tenant_id, from_version, "
                    + "to_version, state, total_chunks, requested_by) SELECT $1, $2, $3, $4, 'running', count(*), $5 "
                    + "FROM chunks WHERE tenant_id = $2 AND key_version IS DISTINCT FROM $4 RETURNING *")
                .execute(Tuple.of(UUID.randomUUID(), tenant.value(), fromVersion, next.version(), requestedBy)))
            .map(rs -> job(tenant, rs.iterator().next())))
        .recover(t -> Future.failedFuture(t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? conflict(tenant, "a key rotation is already running for this tenant") : t));
  }

  @Override
  public Future<Optional<Job>> find(TenantId tenant, UUID jobId) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT * FROM key_rotations WHERE tenant_id = $1 AND job_id = $2")
        .execute(Tuple.of(tenant.value(), jobId)))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(job(tenant, rs.iterator().next())));
  }

  @Override
  public Future<List<Ref>> running() {
    return pool.query("SELECT job_id, tenant_id FROM running_key_rotations()").execute().map(rs -> {
      List<Ref> out = new ArrayList<>(rs.size());
      for (Row r : rs) {
        out.add(new Ref(TenantId.of(r.getString("tenant_id")), r.getUUID("job_id")));
      }
      return out;
    });
  }

  @Override
  public Future<List<StoredChunk>> chunksNotUnder(TenantId tenant, int version, int limit) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT document_id, chunk_index, content, content_cipher, key_version, updated_at FROM chunks "
                + "WHERE tenant_id = $1 AND key_version IS DISTINCT FROM $2 ORDER BY document_id, chunk_index LIMIT $3")
        .execute(Tuple.of(tenant.value(), version, limit)))
        .map(rs -> {
          List<StoredChunk> out = new ArrayList<>(rs.size());
          for (Row r : rs) {
            out.add(new StoredChunk(r.getUUID("document_id"), r.getInteger("chunk_index"), r.getString("content"),
                sealed(r, "content_cipher", "key_version"), r.getOffsetDateTime("updated_at").toInstant()));
          }
          return out;
        });
  }

  @Override
  public Future<Integer> writeChunks(TenantId tenant, UUID jobId, List<Resealed> chunks) {
    int n = chunks.size();
    UUID[] docs = new UUID[n];
    Integer[] idx = new Integer[n];
    Buffer[] cipher = new Buffer[n];
    Integer[] versions = new Integer[n];
    OffsetDateTime[] seen = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Resealed c = chunks.get(i);
      docs[i] = c.documentId();
      idx[i] = c.chunkIndex();
      cipher[i] = Buffer.buffer(c.sealed().message());
      versions[i] = c.sealed().keyVersion();
      seen[i] = c.seen().atOffset(ZoneOffset.UTC);
    }
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            // a chunk rewritten meanwhile (re-indexed) is left alone: the next batch sees it again
            "UPDATE chunks c SET content = NULL, content_cipher = u.cipher, key_version = u.kv "
                + "FROM unnest($2::uuid[], $3::int[], $4::bytea[], $5::int[], $6::timestamptz[]) "
                + "AS u(doc, idx, cipher, kv, seen) "
                + "WHERE c.tenant_id = $1 AND c.document_id = u.doc AND c.chunk_index = u.idx "
                + "AND c.updated_at = u.seen")
        .execute(Tuple.tuple().addString(tenant.value()).addArrayOfUUID(docs).addArrayOfInteger(idx)
            .addArrayOfBuffer(cipher).addArrayOfInteger(versions).addArrayOfOffsetDateTime(seen))
        .compose(rs -> conn.preparedQuery("UPDATE key_rotations SET done_chunks = "
                + "least(total_chunks, done_chunks + $3), updated_at = now() WHERE tenant_id = $1 AND job_id = $2")
            .execute(Tuple.of(tenant.value(), jobId, rs.rowCount()))
            .map(x -> rs.rowCount())));
  }

  @Override
  public Future<List<StoredTitle>> titlesNotUnder(TenantId tenant, int version, int limit) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT document_id, title, title_cipher, title_key_version, updated_at FROM documents "
                + "WHERE tenant_id = $1 AND ((title_cipher IS NOT NULL AND title_key_version <> $2) "
                + "OR (title IS NOT NULL AND title_cipher IS NULL)) LIMIT $3")
        .execute(Tuple.of(tenant.value(), version, limit)))
        .map(rs -> {
          List<StoredTitle> out = new ArrayList<>(rs.size());
          for (Row r : rs) {
            out.add(new StoredTitle(r.getUUID("document_id"), r.getString("title"),
                sealed(r, "title_cipher", "title_key_version"), r.getOffsetDateTime("updated_at").toInstant()));
          }
          return out;
        });
  }

  @Override
  public Future<Void> writeTitles(TenantId tenant, List<Resealed> titles) {
    int n = titles.size();
    UUID[] docs = new UUID[n];
    Buffer[] cipher = new Buffer[n];
    Integer[] versions = new Integer[n];
    OffsetDateTime[] seen = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Resealed t = titles.get(i);
      docs[i] = t.documentId();
      cipher[i] = Buffer.buffer(t.sealed().message());
      versions[i] = t.sealed().keyVersion();
      seen[i] = t.seen().atOffset(ZoneOffset.UTC);
    }
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "UPDATE documents d SET title = NULL, title_cipher = u.cipher, title_key_version = u.kv "
                + "FROM unnest($2::uuid[], $3::bytea[], $4::int[], $5::timestamptz[]) AS u(doc, cipher, kv, seen) "
                + "WHERE d.tenant_id = $1 AND d.document_id = u.doc AND d.updated_at = u.seen")
        .execute(Tuple.tuple().addString(tenant.value()).addArrayOfUUID(docs).addArrayOfBuffer(cipher)
            .addArrayOfInteger(versions).addArrayOfOffsetDateTime(seen)))
        .mapEmpty();
  }

  @Override
  public Future<Void> complete(TenantId tenant, UUID jobId, int toVersion) {
    return TenantTx.run(pool, tenant, conn -> PgKeyVersions.retireBelow(conn, tenant, toVersion)
        .compose(v -> conn.preparedQuery("UPDATE key_rotations SET state = 'completed', done_chunks = total_chunks, "
                + "finished_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL "
                + "WHERE tenant_id = $1 AND job_id = $2 AND state = 'running'")
            .execute(Tuple.of(tenant.value(), jobId))))
        .onSuccess(rs -> lease.forget(jobId))
        .mapEmpty();
  }

  @Override
  public Future<Void> fail(TenantId tenant, UUID jobId, String errorCode) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE key_rotations SET state = 'failed', "
                + "error_code = $3, finished_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL "
                + "WHERE tenant_id = $1 AND job_id = $2 AND state = 'running'")
            .execute(Tuple.of(tenant.value(), jobId, errorCode)))
        .onSuccess(rs -> lease.forget(jobId))
        .mapEmpty();
  }

  private static SealedText sealed(Row r, String cipherColumn, String versionColumn) {
    Buffer cipher = r.getBuffer(cipherColumn);
    return cipher == null ? null : new SealedText(r.getInteger(versionColumn), cipher.getBytes());
  }

  @Override
  protected Job job(TenantId tenant, Row r) {
    return new Job(r.getUUID("job_id"), tenant, r.getInteger("from_version"), r.getInteger("to_version"),
        r.getString("state"), r.getLong("total_chunks"), r.getLong("done_chunks"), Rows.instant(r, "started_at"),
        Rows.instant(r, "updated_at"), Rows.instant(r, "finished_at"), r.getString("error_code"));
  }

  private static ChartlineException conflict(TenantId tenant, String message) {
    return new ChartlineException(ErrorCode.CONFLICT, tenant, message, null);
  }
}
