package io.chartline.query;

import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.embed.Embedder;
import io.chartline.common.generate.Generator;
import io.chartline.common.store.ChunkStore;
import io.chartline.common.store.ChunkStore.Passage;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A query service over fixed search results: a fake model and store, the real generator and answer assembly. */
final class AnswerFixtures {

  private AnswerFixtures() {
  }

  static QueryService service(List<Passage> found, double minScore, int sentences) {
    return service(found, minScore, new ExtractiveGenerator(sentences));
  }

  /** A passage of its own document, chunk 0. */
  static Passage passage(double score, String content) {
    return new Passage(UUID.randomUUID(), "Note", 0, 1, 0, content.length(), content, null, score, null);
  }

  static QueryService service(List<Passage> found, double minScore, Generator generator) {
    return service(found, minScore, generator, true);
  }

  static QueryService service(List<Passage> found, double minScore, Generator generator, boolean fallback) {
    Embedder model = new Embedder() {
      @Override
      public Future<List<float[]>> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        texts.forEach(t -> out.add(new float[] {1, 0, 0}));
        return Future.succeededFuture(out);
      }

      @Override
      public int dimension() {
        return 3;
      }

      @Override
      public String modelId() {
        return "fake";
      }

      @Override
      public void close() {
      }
    };
    ChunkStore store = new ChunkStore() {
      @Override
      public Future<Void> upsert(TenantId tenant, UUID documentId, long generation, String model, List<ChunkRow> rows) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<Optional<Integer>> upsertAndComplete(TenantId tenant, UUID documentId, long generation,
          String model, List<ChunkRow> rows, boolean concurrentBatches) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<List<Passage>> search(DataScope scope, float[] query, int k) {
        return Future.succeededFuture(found);
      }
    };
    return new QueryService(new QuestionEmbedder(model, 8, 1, 0), store, generator, TenantCrypto.disabled(),
        minScore, fallback);
  }
}
