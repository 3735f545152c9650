package io.chartline.embed;

import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.embed.Embedder;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.ChunkBatch;
import io.chartline.common.events.DocumentIndexed;
import io.chartline.common.events.EventHeaders;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.kafka.RecordHandler;
import io.chartline.common.store.ChunkStore;
import io.chartline.common.store.DocumentStore;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds one {@code docs.chunks.v1} batch, upserts it, and when the document's last chunk is in,
 * marks it indexed and publishes {@code docs.indexed.v1}. Idempotent: a redelivered batch
 * rewrites the same rows; an older generation never overwrites a newer one. The indexed event is
 * published at least once (a retry after a failed publish announces the document again).
 *
 * <p>A batch is input, whoever wrote it. Before anything is embedded or stored: a deployment that
 * seals chunk text refuses batches in clear ({@code PLAINTEXT_REFUSED}); the batch's generation
 * must be the one the ingest stage recorded for the document ({@code GENERATION_MISMATCH} when it
 * is newer or the document is unknown; an older one is a stale redelivery and is skipped); sealed
 * chunks must open under the tenant's key with the document's encryption context. Refusals change
 * nothing stored.
 */
public final class ChunkBatchHandler implements RecordHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkBatchHandler.class);

  private final Embedder embedder;
  private final ChunkStore chunks;
  private final DocumentStore documents;
  private final EventPublisher publisher;
  private final Clock clock;
  private final TenantCrypto crypto;

  public ChunkBatchHandler(Embedder embedder, ChunkStore chunks, DocumentStore documents,
      EventPublisher publisher, TenantCrypto crypto, Clock clock) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.chunks = Objects.requireNonNull(chunks, "chunks");
    this.documents = Objects.requireNonNull(documents, "documents");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
  }

  /** A batch (or upload) that went to the dead-letter topic fails its document with the reason code. */
  @Override
  public Future<Void> deadLettered(KafkaConsumerRecord<String, byte[]> record, String code) {
    return documents.failDeadLettered(EventHeaders.get(record.headers(), EventHeaders.TENANT_ID).orElse(null),
        record.key(), "embed", code);
  }

  @Override
  public Future<Void> handle(KafkaConsumerRecord<String, byte[]> record) {
    ChunkBatch batch = ChunkBatch.decode(record.value());
    EventHeaders.requireTenant(record.headers(), batch.tenant().value());
    if (crypto.enabled() && !batch.isSealed()) {
      throw new ChartlineException(ErrorCode.PLAINTEXT_REFUSED, batch.tenant(),
          "chunk text must be sealed under the tenant's key on this deployment", null);
    }
    return documents.generation(batch.tenant(), batch.documentId()).compose(recorded -> {
      if (recorded.isEmpty() || batch.generation() > recorded.get().generation()) { // blocking-ok: Optional.get
        return Future.failedFuture(new ChartlineException(ErrorCode.GENERATION_MISMATCH, batch.tenant(),
            "the batch's generation was not assigned to this document by the ingest stage", null));
      }
      DocumentStore.Generation current = recorded.get(); // blocking-ok: Optional.get
      if (batch.generation() < current.generation() || !current.status().acceptsChunks()) {
        LOG.info("skipping stale chunk batch [tenant: {}, doc: {}, status: {}]", batch.tenant(), batch.documentId(),
            current.status().db());
        return Future.succeededFuture();
      }
      return store(record, batch);
    });
  }

  private Future<Void> store(KafkaConsumerRecord<String, byte[]> record, ChunkBatch batch) {
    return plain(batch).compose(opened -> {
      List<String> texts = new ArrayList<>(opened.chunks().size());
      for (ChunkBatch.Item c : opened.chunks()) {
        texts.add(c.text());
      }
      return embedder.embed(texts);
    })
        .compose(vectors -> chunks.upsertAndComplete(batch.tenant(), batch.documentId(), batch.generation(),
            embedder.modelId(), rows(batch, vectors), batch.batchCount() > 1))
        .compose(done -> {
          if (done.isEmpty()) {
            return Future.succeededFuture();
          }
          LOG.info("document indexed [tenant: {}, doc: {}, chunks: {}]", batch.tenant(), batch.documentId(),
              done.get());
          DocumentIndexed event = new DocumentIndexed(batch.tenant(), batch.documentId(), done.get(),
              embedder.modelId(), clock.instant());
          return publisher.publish(publisher.topics().indexed(), batch.documentId().toString(), event.encode(),
              batch.tenant().value(), DocumentIndexed.EVENT_TYPE, DocumentIndexed.SCHEMA_VERSION,
              EventHeaders.get(record.headers(), EventHeaders.TRACEPARENT).orElse(null));
        });
  }

  /** Opens a sealed batch (its texts are then checked against their offsets); a plain one is returned as is. */
  private Future<ChunkBatch> plain(ChunkBatch batch) {
    if (!batch.isSealed()) {
      return Future.succeededFuture(batch);
    }
    List<TenantCrypto.Envelope> sealed = new ArrayList<>(batch.chunks().size());
    for (ChunkBatch.Item c : batch.chunks()) {
      sealed.add(new TenantCrypto.Envelope(batch.documentId(), c.sealed()));
    }
    return crypto.open(batch.tenant(), sealed).map(batch::opened);
  }

  /** Rows keep the batch's form: sealed chunks are stored as sent, never re-sealed or stored in clear. */
  private static List<ChunkStore.ChunkRow> rows(ChunkBatch batch, List<float[]> vectors) {
    List<ChunkStore.ChunkRow> rows = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      ChunkBatch.Item c = batch.chunks().get(i);
      rows.add(new ChunkStore.ChunkRow(c.index(), c.page(), c.start(), c.end(), c.tokens(), c.text(), c.sealed(),
          vectors.get(i)));
    }
    return rows;
  }
}
