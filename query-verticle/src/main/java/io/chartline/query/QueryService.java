package io.chartline.query;

import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.generate.Generator;
import io.chartline.common.query.QueryProtocol;
import io.chartline.common.query.QueryProtocol.NoAnswer;
import io.chartline.common.store.ChunkStore;
import io.chartline.common.store.ChunkStore.Passage;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.chartline.common.crypto.SealedText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieval and answering for one tenant: embed the question, search that tenant's chunks, and
 * (for queries) build an answer citing the passages it used. Timings are reported per step.
 */
public final class QueryService {

  private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
  private static final int SNIPPET = 240;

  private final QuestionEmbedder embedder;
  private final TenantCrypto crypto;
  private final ChunkStore chunks;
  private final Generator generator;
  private final double minScore;

  /**
   * @param minScore the answer threshold: passages scoring below it are not answered from, and a
   *     query whose best passage is below it gets no answer ({@link NoAnswer#BELOW_THRESHOLD})
   */
  public QueryService(QuestionEmbedder embedder, ChunkStore chunks, Generator generator, TenantCrypto crypto,
      double minScore) {
    this.minScore = minScore;
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.chunks = Objects.requireNonNull(chunks, "chunks");
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  /** @return {@code {results: [...], timings: {...}}}; fails when the model or database fails. */
  public Future<JsonObject> search(TenantId tenant, String text, int topK) {
    return search(DataScope.tenant(tenant), text, topK);
  }

  /** Like {@link #search(TenantId, String, int)}, confined to {@code scope}. */
  public Future<JsonObject> search(DataScope scope, String text, int topK) {
    TenantId tenant = scope.tenant();
    long t0 = System.nanoTime();
    return embedder.embed(text).compose(q -> {
      long t1 = System.nanoTime();
      long[] found = new long[1];
      return chunks.search(scope, q, topK).compose(rows -> {
        found[0] = System.nanoTime();
        return opened(tenant, rows);
      }).map(passages -> {
        long t2 = System.nanoTime();
        JsonArray results = new JsonArray();
        for (Passage p : passages) {
          results.add(passageJson(p).put("text", p.content()));
        }
        return new JsonObject().put("results", results)
            .put("timings", timings(t0, t1, t2, System.nanoTime()).put("open_ms", ms(t2 - found[0])));
      });
    });
  }

  /**
   * @return the reply described by {@link QueryProtocol}: an answer whose markers name its
   *     citations, or {@code answered: false} with a reason and no citations; fails when the model
   *     or database fails.
   */
  public Future<JsonObject> query(TenantId tenant, String question, int topK) {
    return query(DataScope.tenant(tenant), question, topK);
  }

  /** Like {@link #query(TenantId, String, int)}, confined to {@code scope}. */
  public Future<JsonObject> query(DataScope scope, String question, int topK) {
    TenantId tenant = scope.tenant();
    long t0 = System.nanoTime();
    return embedder.embed(question).compose(q -> {
      long t1 = System.nanoTime();
      long[] found = new long[1];
      return chunks.search(scope, q, topK).compose(rows -> {
        found[0] = System.nanoTime();
        return opened(tenant, rows);
      }).compose(passages -> {
        long t2 = System.nanoTime();
        return answer(tenant, question, passages).map(reply -> reply
            .put("timings", timings(t0, t1, t2, System.nanoTime()).put("open_ms", ms(t2 - found[0]))));
      });
    });
  }

  /**
   * Only passages at or above the threshold reach the generator, so an answer is given exactly
   * when the best passage reaches it (and a sentence can be cited).
   */
  private Future<JsonObject> answer(TenantId tenant, String question, List<Passage> passages) {
    List<Integer> ranks = new ArrayList<>();
    List<Passage> given = new ArrayList<>();
    for (int i = 0; i < passages.size(); i++) {
      if (passages.get(i).score() >= minScore) {
        ranks.add(i);
        given.add(passages.get(i));
      }
    }
    if (given.isEmpty()) {
      return Future.succeededFuture(noAnswer(passages.isEmpty() ? NoAnswer.NO_PASSAGES : NoAnswer.BELOW_THRESHOLD));
    }
    return generator.answer(question, given).map(answer -> {
      CitationBinder.Bound bound = CitationBinder.bind(answer.text(), given);
      if (bound.droppedMarkers() > 0) {
        LOG.warn("answer markers named no passage [tenant: {}, generator: {}, dropped: {}]", tenant, generator.id(),
            bound.droppedMarkers());
      }
      if (bound.citations().isEmpty()) {
        return noAnswer(answer.text().isBlank() ? NoAnswer.NO_ANSWER_TEXT : NoAnswer.UNCITED);
      }
      JsonArray citations = new JsonArray();
      for (CitationBinder.Citation c : bound.citations()) {
        citations.add(passageJson(given.get(c.passageIndex())).put("ref", c.ref())
            .put("passage", ranks.get(c.passageIndex()) + 1));
      }
      return new JsonObject().put("answer", bound.text()).put("answered", true).put("generator", generator.id())
          .put("citations", citations);
    });
  }

  private JsonObject noAnswer(NoAnswer reason) {
    return new JsonObject().put("answer", "No answer was found in this tenant's documents.").put("answered", false)
        .put("reason", reason.code()).put("generator", generator.id()).put("citations", new JsonArray());
  }

  /** Opens sealed passages and titles with the tenant's keys; what is stored in clear passes through. */
  private Future<List<Passage>> opened(TenantId tenant, List<Passage> passages) {
    List<TenantCrypto.Envelope> sealed = new ArrayList<>();
    Map<UUID, SealedText> titles = new LinkedHashMap<>();
    for (Passage p : passages) {
      if (p.sealed() != null) {
        sealed.add(new TenantCrypto.Envelope(p.documentId(), p.sealed()));
      }
      if (p.sealedTitle() != null) {
        titles.putIfAbsent(p.documentId(), p.sealedTitle());
      }
    }
    if (sealed.isEmpty() && titles.isEmpty()) {
      return Future.succeededFuture(passages);
    }
    List<TenantCrypto.Envelope> all = new ArrayList<>(sealed);
    titles.forEach((doc, t) -> all.add(new TenantCrypto.Envelope(doc, t)));
    return crypto.open(tenant, all).map(texts -> {
      Map<UUID, String> openedTitles = new HashMap<>();
      int t = sealed.size();
      for (UUID doc : titles.keySet()) {
        openedTitles.put(doc, texts.get(t++));
      }
      List<Passage> out = new ArrayList<>(passages.size());
      int c = 0;
      for (Passage p : passages) {
        Passage q = p.sealed() == null ? p : p.withContent(texts.get(c++));
        out.add(q.sealedTitle() == null ? q : q.withTitle(openedTitles.get(q.documentId())));
      }
      return out;
    });
  }

  private static JsonObject passageJson(Passage p) {
    String snippet = p.content().length() <= SNIPPET ? p.content() : p.content().substring(0, SNIPPET) + "…";
    return new JsonObject()
        .put("document_id", p.documentId().toString())
        .put("title", p.title())
        .put("page", p.page())
        .put("chunk_index", p.chunkIndex())
        .put("start_offset", p.startOffset())
        .put("end_offset", p.endOffset())
        .put("score", Math.round(p.score() * 10000) / 10000.0)
        .put("snippet", snippet.strip());
  }

  /** search_ms covers the database search and opening sealed passages; open_ms is the opening alone. */
  private static JsonObject timings(long t0, long t1, long t2, long t3) {
    return new JsonObject().put("embed_ms", ms(t1 - t0)).put("search_ms", ms(t2 - t1))
        .put("answer_ms", ms(t3 - t2)).put("total_ms", ms(t3 - t0));
  }

  private static double ms(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
