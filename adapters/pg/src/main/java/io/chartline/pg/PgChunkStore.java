package io.chartline.pg;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.store.ChunkStore;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** {@link ChunkStore} on PostgreSQL + pgvector, one HNSW-indexed partition per tenant. */
public final class PgChunkStore implements ChunkStore {

  private static final String UPSERT = "INSERT INTO chunks (tenant_id, document_id, chunk_index, generation, page, "
      + "start_offset, end_offset, token_count, content, content_cipher, key_version, embedding, model, patient_id) "
      // the embeddings travel as one binary float4 array, row after row ($14 floats each): no
      // decimal formatting in Java, no parsing in PostgreSQL, and the values stored exactly
      + "SELECT $1, $2, u.idx, $3, u.page, u.so, u.eo, u.tc, u.content, u.cipher, u.kv, "
      + "($13::real[])[(u.ord - 1) * $14 + 1 : u.ord * $14]::vector, $4, d.patient_id "
      + "FROM unnest($5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::text[], $11::bytea[], $12::int[]) "
      + "WITH ORDINALITY AS u(idx, page, so, eo, tc, content, cipher, kv, ord) "
      // chunks take their document's patient; only the generation the ingest stage recorded for the
      // document is stored, and a late batch of a deleted or failed document never brings its text back
      + "JOIN documents d ON d.tenant_id = $1 AND d.document_id = $2 AND d.generation = $3 "
      + "AND d.status IN ('parsed', 'indexed') "
      + "ON CONFLICT (tenant_id, document_id, chunk_index) DO UPDATE SET generation = EXCLUDED.generation, "
      + "page = EXCLUDED.page, start_offset = EXCLUDED.start_offset, end_offset = EXCLUDED.end_offset, "
      + "token_count = EXCLUDED.token_count, content = EXCLUDED.content, content_cipher = EXCLUDED.content_cipher, "
      + "key_version = EXCLUDED.key_version, embedding = EXCLUDED.embedding, patient_id = EXCLUDED.patient_id, "
      + "model = EXCLUDED.model, updated_at = now() WHERE chunks.generation <= EXCLUDED.generation";

  private static final String SEARCH = "SELECT c.document_id, d.title, c.chunk_index, c.page, c.start_offset, "
      + "c.end_offset, c.content, c.content_cipher, c.key_version, 1 - c.distance AS score, d.title_cipher, "
      + "d.title_key_version FROM ("
      + "SELECT document_id, chunk_index, page, start_offset, end_offset, content, content_cipher, key_version, "
      + "embedding <=> $2::real[]::vector AS distance FROM chunks WHERE tenant_id = $1 "
      + "ORDER BY embedding <=> $2::real[]::vector LIMIT $3) c "
      + "JOIN documents d ON d.tenant_id = $1 AND d.document_id = c.document_id AND d.status <> 'deleted' "
      + "ORDER BY c.distance";

  /**
   * A patient's search is exact: the patient's chunks are few, read through their index and
   * ranked by distance. (The HNSW index would return the tenant's nearest chunks and the patient
   * filter would then leave few or none.) Row-Level Security narrows to the patient as well.
   */
  private static final String PATIENT_SEARCH = "WITH own AS MATERIALIZED ("
      + "SELECT document_id, chunk_index, page, start_offset, end_offset, content, content_cipher, key_version, "
      + "embedding <=> $2::real[]::vector AS distance FROM chunks WHERE tenant_id = $1 AND patient_id = $4) "
      + "SELECT c.document_id, d.title, c.chunk_index, c.page, c.start_offset, "
      + "c.end_offset, c.content, c.content_cipher, c.key_version, 1 - c.distance AS score, d.title_cipher, "
      + "d.title_key_version FROM (SELECT * FROM own ORDER BY distance LIMIT $3) c "
      + "JOIN documents d ON d.tenant_id = $1 AND d.document_id = c.document_id AND d.status <> 'deleted' "
      + "ORDER BY c.distance";

  private final Pool pool;
  private final PgDocumentStore documents;
  private final int efSearch;

  public PgChunkStore(Pool pool, PgDocumentStore documents, int efSearch) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.documents = Objects.requireNonNull(documents, "documents");
    if (efSearch < 1 || efSearch > 1000) {
      throw new IllegalArgumentException("CHARTLINE_SEARCH_EF must be between 1 and 1000");
    }
    this.efSearch = efSearch;
  }

  @Override
  public Future<Void> upsert(TenantId tenant, UUID documentId, long generation, String model, List<ChunkRow> rows) {
    Tuple t;
    try {
      t = upsertParameters(tenant, documentId, generation, model, rows);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return documents.ensureTenant(tenant)
        .compose(v -> TenantTx.run(pool, tenant, conn -> conn.preparedQuery(UPSERT).execute(t)))
        .mapEmpty();
  }

  /**
   * The upsert and {@link PgDocumentStore#markIndexedIfComplete} in one transaction, sent
   * together: one round trip and one commit per batch. Without the lock, two batches of one
   * document committing at the same time would each count only their own chunks and neither would
   * mark the document; with it they take turns, and the later one counts both.
   */
  @Override
  public Future<Optional<Integer>> upsertAndComplete(TenantId tenant, UUID documentId, long generation, String model,
      List<ChunkRow> rows, boolean concurrentBatches) {
    Tuple t;
    try {
      t = upsertParameters(tenant, documentId, generation, model, rows);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return documents.ensureTenant(tenant).compose(v -> TenantTx.run(pool, tenant, conn -> {
      Future<Void> locked = concurrentBatches ? documents.lockForIndexing(conn, tenant, documentId)
          : Future.succeededFuture();
      Future<?> stored = conn.preparedQuery(UPSERT).execute(t);
      Future<Optional<Integer>> done = documents.markIndexedIfComplete(conn, tenant, documentId, generation);
      // in order on the connection: a failed statement fails the ones after it and the transaction
      return locked.compose(l -> stored).compose(u -> done);
    }));
  }

  private static Tuple upsertParameters(TenantId tenant, UUID documentId, long generation, String model,
      List<ChunkRow> rows) {
    int n = rows.size();
    Integer[] idx = new Integer[n];
    Integer[] page = new Integer[n];
    Integer[] so = new Integer[n];
    Integer[] eo = new Integer[n];
    Integer[] tc = new Integer[n];
    String[] content = new String[n];
    Buffer[] cipher = new Buffer[n];
    Integer[] keyVersion = new Integer[n];
    int dimension = n == 0 ? 0 : rows.get(0).embedding().length;
    Float[] emb = new Float[n * dimension];
    for (int i = 0; i < n; i++) {
      ChunkRow r = rows.get(i);
      idx[i] = r.index();
      page[i] = r.page();
      so[i] = r.startOffset();
      eo[i] = r.endOffset();
      tc[i] = r.tokenCount();
      content[i] = r.content();
      cipher[i] = r.sealed() == null ? null : Buffer.buffer(r.sealed().message());
      keyVersion[i] = r.sealed() == null ? null : r.sealed().keyVersion();
      float[] v = r.embedding();
      if (v.length != dimension) {
        throw new IllegalArgumentException("chunk embeddings differ in dimension");
      }
      for (int j = 0; j < dimension; j++) {
        emb[i * dimension + j] = v[j];
      }
    }
    return Tuple.tuple().addString(tenant.value()).addUUID(documentId).addLong(generation).addString(model)
        .addArrayOfInteger(idx).addArrayOfInteger(page).addArrayOfInteger(so).addArrayOfInteger(eo)
        .addArrayOfInteger(tc).addArrayOfString(content).addArrayOfBuffer(cipher).addArrayOfInteger(keyVersion)
        .addArrayOfFloat(emb).addInteger(dimension);
  }

  @Override
  public Future<List<Passage>> search(DataScope scope, float[] query, int k) {
    Float[] q = new Float[query.length];
    for (int i = 0; i < query.length; i++) {
      q[i] = query[i];
    }
    Tuple t = Tuple.tuple().addString(scope.tenant().value()).addArrayOfFloat(q).addInteger(k);
    if (scope.patientScoped()) {
      t.addString(scope.patientId());
    }
    String sql = scope.patientScoped() ? PATIENT_SEARCH : SEARCH;
    return TenantTx.runSearch(pool, scope, Math.max(efSearch, k), conn -> conn.preparedQuery(sql).execute(t))
        .map(rs -> {
          List<Passage> out = new ArrayList<>(rs.size());
          for (Row r : rs) {
            Buffer cipher = r.getBuffer(7);
            out.add(new Passage(r.getUUID(0), r.getString(1), r.getInteger(2), r.getInteger(3), r.getInteger(4),
                r.getInteger(5), r.getString(6), cipher == null ? null : new SealedText(r.getInteger(8),
                cipher.getBytes()), r.getDouble(9), r.getBuffer(10) == null ? null
                : new SealedText(r.getInteger(11), r.getBuffer(10).getBytes())));
          }
          return out;
        });
  }
}
