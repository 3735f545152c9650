package io.chartline.bench;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.pg.TenantTx;
import io.chartline.common.store.ChunkStore;
import io.chartline.pg.PgDocumentStore;
import io.chartline.pg.PgChunkStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Loads a search corpus fast: real embeddings of a few thousand sentences, then many chunks per
 * tenant whose vectors are those embeddings plus small noise (so neighbourhoods look like real
 * text, not uniform random points). Writes through the application role and the real upsert.
 */
final class VectorLoader {

  private final Pool pool;
  private final PgDocumentStore documents;
  private final PgChunkStore store;
  private final String modelId;

  /** @param modelId the model whose embeddings the base vectors are (the jittered vectors derive from them) */
  VectorLoader(Pool pool, String modelId) {
    this.modelId = modelId;
    this.pool = pool;
    this.documents = new PgDocumentStore(pool);
    this.store = new PgChunkStore(pool, documents, 40);
  }

  /**
   * Inserts {@code perTenant} chunks for {@code tenant} in documents of 100 chunks. When
   * {@code crypto} is enabled the chunk text and the document title are sealed under the tenant's
   * key, as the API and the embed stage store them; otherwise both are stored in clear. Blocking.
   */
  void load(TenantId tenant, int perTenant, List<String> sentences, float[][] base, long seed, TenantCrypto crypto)
      throws Exception {
    Random rnd = new Random(seed);
    ensureTenant(tenant);
    int perDoc = 100;
    for (int d = 0; d * perDoc < perTenant; d++) {
      UUID doc = UUID.randomUUID();
      String title = "bench document " + d;
      List<Integer> picks = new ArrayList<>(perDoc);
      List<String> texts = new ArrayList<>(perDoc);
      for (int i = 0; i < perDoc && d * perDoc + i < perTenant; i++) {
        int s = rnd.nextInt(base.length);
        picks.add(s);
        texts.add(sentences.get(s));
      }
      List<float[]> vectors = new ArrayList<>(picks.size());
      for (int s : picks) {
        vectors.add(jitter(base[s], rnd));
      }
      insertDocument(tenant, doc, title, texts, vectors, crypto);
    }
  }

  /** Creates the tenant's row and chunk partition when missing. Blocking. */
  void ensureTenant(TenantId tenant) throws Exception {
    documents.ensureTenant(tenant).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  /**
   * Inserts one indexed document of {@code texts} (one chunk each, page 1) with their vectors,
   * sealed under the tenant's key when {@code crypto} is enabled, as the API and the embed stage
   * store them. Blocking.
   */
  void insertDocument(TenantId tenant, UUID doc, String title, List<String> texts, List<float[]> vectors,
      TenantCrypto crypto) throws Exception {
    List<SealedText> sealed = null;
    SealedText sealedTitle = null;
    if (crypto.enabled()) {
      List<String> all = new ArrayList<>(texts);
      all.add(title);
      List<SealedText> out = crypto.seal(tenant, doc, all).toCompletionStage().toCompletableFuture()
          .get(1, TimeUnit.MINUTES);
      sealed = out.subList(0, texts.size());
      sealedTitle = out.get(texts.size());
    }
    Tuple doct = Tuple.tuple().addString(tenant.value()).addUUID(doc)
        .addString(sealedTitle == null ? title : null)
        .addBuffer(sealedTitle == null ? null : Buffer.buffer(sealedTitle.message()))
        .addInteger(sealedTitle == null ? null : sealedTitle.keyVersion())
        .addInteger(texts.size());
    TenantTx.run(pool, tenant, c -> c.preparedQuery("INSERT INTO documents (tenant_id, document_id, title, "
            + "title_cipher, title_key_version, content_type, size_bytes, object_bucket, object_key, status, "
            + "chunk_count) VALUES ($1, $2, $3, $4, $5, 'text/plain', 0, 'bench', 'bench', 'indexed', $6)")
        .execute(doct))
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    List<ChunkStore.ChunkRow> rows = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      rows.add(new ChunkStore.ChunkRow(i, 1, 0, texts.get(i).length(), 20, sealed == null ? texts.get(i) : null,
          sealed == null ? null : sealed.get(i), vectors.get(i)));
    }
    store.upsert(tenant, doc, 0, modelId, rows).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.MINUTES);
  }

  static float[] jitter(float[] v, Random rnd) {
    float[] out = new float[v.length];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] + rnd.nextGaussian() * 0.025);
      norm += out[i] * out[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < out.length; i++) {
      out[i] *= inv;
    }
    return out;
  }
}
