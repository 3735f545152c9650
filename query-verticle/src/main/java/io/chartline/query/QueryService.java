package io.chartline.query;

import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.generate.Generator;
import io.chartline.common.query.QueryProtocol;
import io.chartline.common.query.QueryProtocol.NoAnswer;
import io.chartline.common.store.ChunkStore;
import io.chartline.common.store.ChunkStore.Passage;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
  private final boolean fallback;

  /**
   * @param minScore the answer threshold: passages scoring below it are not answered from, and a
   *     query whose best passage is below it gets no answer ({@link NoAnswer#BELOW_THRESHOLD})
   */
  public QueryService(QuestionEmbedder embedder, ChunkStore chunks, Generator generator, TenantCrypto crypto,
      double minScore) {
    this(embedder, chunks, generator, crypto, minScore, true);
  }

  /**
   * @param fallback when the generator fails, reply with the passages and {@code answered: false}
   *     ({@link NoAnswer#GENERATOR_UNAVAILABLE}) instead of failing the query
   */
  public QueryService(QuestionEmbedder embedder, ChunkStore chunks, Generator generator, TenantCrypto crypto,
      double minScore, boolean fallback) {
    this.minScore = minScore;
    this.fallback = fallback;
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
    return retrieve(scope, question, topK).compose(r -> {
      Given given = Given.of(r.passages(), minScore);
      Future<JsonObject> reply = given.passages().isEmpty() ? Future.succeededFuture(given.noAnswer(this))
          : generator.answer(question, given.passages()).map(a -> reply(tenant, given, a))
              .recover(t -> unavailable(tenant, r.passages(), t));
      return reply.map(o -> o.put("timings", r.timings(System.nanoTime())));
    });
  }

  /** A streamed answer in progress: its final reply, and a way to stop it. */
  public static final class Streamed {
    private final Promise<JsonObject> reply = Promise.promise();
    private Generator.Streaming running;
    private boolean cancelled;

    /** @return the reply {@link #query} would give, once the last piece was sent */
    public Future<JsonObject> reply() {
      return reply.future();
    }

    /** Stops retrieval or generation; the reply then fails. Call on the service's context. */
    public void cancel() {
      cancelled = true;
      if (running != null) {
        running.cancel();
      }
    }
  }

  /**
   * Like {@link #query(DataScope, String, int)}, sending the answer text to {@code out} as the
   * generator produces it, renumbered as in the reply. Nothing is sent before the text has cited a
   * passage, so an answer that cites nothing never reaches the client; when the generator fails
   * before anything was sent the reply falls back as {@link #query} does, after that it fails.
   */
  public Streamed stream(DataScope scope, String question, int topK, Generator.Sink out) {
    Streamed streamed = new Streamed();
    TenantId tenant = scope.tenant();
    retrieve(scope, question, topK).compose(r -> {
      Given given = Given.of(r.passages(), minScore);
      if (given.passages().isEmpty()) {
        return Future.succeededFuture(given.noAnswer(this).put("timings", r.timings(System.nanoTime())));
      }
      if (streamed.cancelled) {
        return Future.failedFuture(new IllegalStateException("the query was cancelled"));
      }
      StreamedAnswer answer = new StreamedAnswer(given.passages(), out);
      streamed.running = generator.stream(question, given.passages(), answer);
      return streamed.running.done().compose(a -> answer.finish().map(v -> {
        JsonObject reply = answer.sent()
            ? reply(tenant, given, new Generator.Answer(answer.textSent(), a.refused()), answer.refs())
            : reply(tenant, given, a);
        return reply.put("timings", r.timings(System.nanoTime()).put("first_text_ms", answer.firstTextMs()));
      })).recover(t -> answer.sent() ? Future.failedFuture(t)
          : unavailable(tenant, r.passages(), t).map(o -> o.put("timings", r.timings(System.nanoTime()))));
    }).onComplete(streamed.reply);
    return streamed;
  }

  /** The passages retrieved for a question, opened, with the time each step took. */
  private record Retrieved(List<Passage> passages, long t0, long t1, long t2, long found) {
    JsonObject timings(long t3) {
      return QueryService.timings(t0, t1, t2, t3).put("open_ms", ms(t2 - found));
    }
  }

  private Future<Retrieved> retrieve(DataScope scope, String question, int topK) {
    long t0 = System.nanoTime();
    return embedder.embed(question).compose(q -> {
      long t1 = System.nanoTime();
      long[] found = new long[1];
      return chunks.search(scope, q, topK).compose(rows -> {
        found[0] = System.nanoTime();
        return opened(scope.tenant(), rows);
      }).map(passages -> new Retrieved(passages, t0, t1, System.nanoTime(), found[0]));
    });
  }

  /**
   * The passages a generator is given: only those at or above the threshold, so an answer is given
   * exactly when the best passage reaches it (and a sentence can be cited).
   *
   * @param ranks the 0-based rank among the retrieved passages of each passage given
   */
  private record Given(List<Passage> passages, List<Integer> ranks, boolean retrievedNone) {
    static Given of(List<Passage> retrieved, double minScore) {
      List<Integer> ranks = new ArrayList<>();
      List<Passage> given = new ArrayList<>();
      for (int i = 0; i < retrieved.size(); i++) {
        if (retrieved.get(i).score() >= minScore) {
          ranks.add(i);
          given.add(retrieved.get(i));
        }
      }
      return new Given(given, ranks, retrieved.isEmpty());
    }

    JsonObject noAnswer(QueryService service) {
      return service.noAnswer(retrievedNone ? NoAnswer.NO_PASSAGES : NoAnswer.BELOW_THRESHOLD);
    }
  }

  private JsonObject reply(TenantId tenant, Given given, Generator.Answer answer) {
    if (answer.refused()) {
      return noAnswer(NoAnswer.REFUSED);
    }
    CitationBinder.Refs refs = new CitationBinder.Refs(given.passages());
    String text = (refs.bind(answer.text()) + refs.finish()).strip();
    return reply(tenant, given, new Generator.Answer(text), refs);
  }

  /** @param answer its text already renumbered by {@code refs} */
  private JsonObject reply(TenantId tenant, Given given, Generator.Answer answer, CitationBinder.Refs refs) {
    if (refs.dropped() > 0) {
      LOG.warn("answer markers named no passage [tenant: {}, generator: {}, dropped: {}]", tenant, generator.id(),
          refs.dropped());
    }
    if (answer.refused()) {
      return noAnswer(NoAnswer.REFUSED);
    }
    if (refs.citations().isEmpty()) {
      return noAnswer(answer.text().isBlank() ? NoAnswer.NO_ANSWER_TEXT : NoAnswer.UNCITED);
    }
    JsonArray citations = new JsonArray();
    for (CitationBinder.Citation c : refs.citations()) {
      citations.add(passageJson(given.passages().get(c.passageIndex())).put("ref", c.ref())
          .put("passage", given.ranks().get(c.passageIndex()) + 1));
    }
    return new JsonObject().put("answer", answer.text().strip()).put("answered", true)
        .put("generator", generator.id()).put("citations", citations);
  }

  /**
   * The generator failed: with the fallback on, the passages are the reply ({@code answered: false},
   * {@link NoAnswer#GENERATOR_UNAVAILABLE}); otherwise the query fails as the generator did.
   */
  private Future<JsonObject> unavailable(TenantId tenant, List<Passage> passages, Throwable t) {
    ChartlineException e = ChartlineException.wrap(t, tenant);
    LOG.warn("generator failed [tenant: {}, generator: {}, code: {}, error: {}, fallback: {}]", tenant, generator.id(),
        e.code(), t.getClass().getSimpleName(), fallback);
    if (!fallback) {
      return Future.failedFuture(e.code() == ErrorCode.INTERNAL
          ? new ChartlineException(ErrorCode.UNAVAILABLE, tenant, "the answer generator is unavailable", t) : e);
    }
    JsonArray results = new JsonArray();
    for (Passage p : passages) {
      results.add(passageJson(p).put("text", p.content()));
    }
    return Future.succeededFuture(noAnswer(NoAnswer.GENERATOR_UNAVAILABLE).put("passages", results));
  }

  JsonObject noAnswer(NoAnswer reason) {
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

  static JsonObject passageJson(Passage p) {
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
