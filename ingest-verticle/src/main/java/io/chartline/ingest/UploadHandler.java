package io.chartline.ingest;

import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.ChunkBatch;
import io.chartline.common.events.EventHeaders;
import io.chartline.common.events.S3EventCodec;
import io.chartline.common.events.UploadedObject;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.kafka.RecordHandler;
import io.chartline.common.store.Document;
import io.chartline.common.store.DocumentStore;
import io.chartline.common.store.DocumentStatus;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.text.TokenCounter;
import io.chartline.ingest.schedule.ParseScheduler;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one {@code docs.uploaded.v1} record: fetches the object, detects its type, parses and
 * chunks it on the parse workers (shared fairly between tenants by the {@link ParseScheduler}),
 * records the document as parsed and publishes its chunks.
 * A document that cannot be parsed ends {@code failed} with a stable code; the stage moves on.
 * Redelivery of an already indexed or failed document is a no-op. {@code ObjectRemoved} events
 * purge the document's chunks and mark it deleted.
 *
 * <p>An upload event is input, whoever wrote it: it is honoured only for the deployment's bucket
 * ({@code BUCKET_NOT_ALLOWED}) and for the object the document's row records
 * ({@code OBJECT_MISMATCH}); a removal only once the store confirms the object is gone
 * ({@code OBJECT_STILL_EXISTS}). Refusals change nothing stored.
 */
public final class UploadHandler implements RecordHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UploadHandler.class);

  private final IngestConfig config;
  private final ObjectStore objects;
  private final DocumentStore documents;
  private final EventPublisher publisher;
  private final ParseScheduler parsing;
  private final DocumentParser parser;
  private final TenantCrypto crypto;

  public UploadHandler(IngestConfig config, ObjectStore objects, DocumentStore documents,
      EventPublisher publisher, ParseScheduler parsing, TenantCrypto crypto, TokenCounter tokens) {
    this.config = Objects.requireNonNull(config, "config");
    this.objects = Objects.requireNonNull(objects, "objects");
    this.documents = Objects.requireNonNull(documents, "documents");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.parsing = Objects.requireNonNull(parsing, "parsing");
    this.parser = new DocumentParser(config, Objects.requireNonNull(tokens, "tokens"));
    this.crypto = Objects.requireNonNull(crypto, "crypto");
  }

  /** A batch (or upload) that went to the dead-letter topic fails its document with the reason code. */
  @Override
  public Future<Void> deadLettered(KafkaConsumerRecord<String, byte[]> record, String code) {
    return documents.failDeadLettered(EventHeaders.get(record.headers(), EventHeaders.TENANT_ID).orElse(null),
        record.key(), "ingest", code);
  }

  @Override
  public Future<Void> handle(KafkaConsumerRecord<String, byte[]> record) {
    List<UploadedObject> uploaded = S3EventCodec.decode(record.value());
    for (UploadedObject o : uploaded) {
      EventHeaders.requireTenant(record.headers(), o.tenant().value());
    }
    for (UploadedObject o : uploaded) {
      if (!o.bucket().equals(objects.bucket())) {
        throw new ChartlineException(ErrorCode.BUCKET_NOT_ALLOWED, o.tenant(),
            "the event names a bucket this deployment does not ingest from", null);
      }
    }
    String traceparent = EventHeaders.get(record.headers(), EventHeaders.TRACEPARENT).orElse(null);
    Future<Void> chain = Future.succeededFuture();
    for (UploadedObject o : uploaded) {
      chain = chain.compose(v -> o.created() ? ingest(o, traceparent)
          : o.removed() ? purge(o) : Future.succeededFuture());
    }
    return chain;
  }

  private Future<Void> ingest(UploadedObject o, String traceparent) {
    return documents.find(o.tenant(), o.documentId()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new ChartlineException(ErrorCode.NOT_FOUND, o.tenant(),
            "no document record for the uploaded object", null));
      }
      Document doc = found.get(); // blocking-ok: Optional.get
      if (!recordedObject(doc, o)) {
        return Future.failedFuture(mismatch(o));
      }
      if (doc.status() != DocumentStatus.RECEIVED && doc.status() != DocumentStatus.PARSED) {
        LOG.info("skipping redelivered upload [tenant: {}, doc: {}, status: {}]", o.tenant(), o.documentId(),
            doc.status().db());
        return Future.succeededFuture();
      }
      if (o.size() > config.maxDocumentBytes() || doc.sizeBytes() > config.maxDocumentBytes()) {
        return fail(o, ErrorCode.DOCUMENT_TOO_LARGE.name(), "document exceeds the ingest size limit");
      }
      String declared = o.contentType() != null ? o.contentType() : doc.contentType();
      return objects.get(o.tenant(), o.bucket(), o.key(), config.maxDocumentBytes())
          .recover(t -> t instanceof ChartlineException ce && ce.permanent()
              ? fail(o, ce.code().name(), ce.getMessage()).map(v -> null) : Future.failedFuture(t))
          .compose(object -> object == null ? Future.succeededFuture()
              : parse(o, object.bytes(), declared).compose(parsed -> parsed == null ? Future.succeededFuture()
                  : publish(o, parsed, traceparent)));
    });
  }

  private Future<DocumentParser.Parsed> parse(UploadedObject o, byte[] bytes, String declared) {
    long started = System.nanoTime();
    return parsing.submit(o.tenant(), () -> parser.parse(bytes, declared))
        .compose(parsed -> {
          LOG.info("parsed document [tenant: {}, doc: {}, pages: {}, chunks: {}, ms: {}]", o.tenant(),
              o.documentId(), parsed.pageCount(), parsed.chunks().size(), (System.nanoTime() - started) / 1_000_000);
          return Future.succeededFuture(parsed);
        }, t -> {
          if (t instanceof DocumentParser.ParseFailure pf) {
            return fail(o, pf.code(), pf.getMessage()).map(v -> null);
          }
          if (t instanceof ChartlineException ce && !ce.permanent()) {
            return Future.failedFuture(t); // a full parse queue: the record is retried later
          }
          LOG.warn("parser crashed [tenant: {}, doc: {}, error: {}]", o.tenant(), o.documentId(),
              t.getClass().getSimpleName());
          return fail(o, ErrorCode.CORRUPT_DOCUMENT.name(), "the document could not be parsed").map(v -> null);
        });
  }

  private Future<Void> publish(UploadedObject o, DocumentParser.Parsed parsed, String traceparent) {
    if (!crypto.enabled()) {
      return publish(o, parsed, parsed.chunks(), ChunkBatch.PLAIN, traceparent);
    }
    List<String> texts = new ArrayList<>(parsed.chunks().size());
    for (ChunkBatch.Item c : parsed.chunks()) {
      texts.add(c.text());
    }
    // Sealed before the document is marked parsed: a key outage retries the upload event.
    return crypto.seal(o.tenant(), o.documentId(), texts).compose(sealed -> {
      List<ChunkBatch.Item> items = new ArrayList<>(sealed.size());
      for (int i = 0; i < sealed.size(); i++) {
        items.add(parsed.chunks().get(i).withSealed(sealed.get(i)));
      }
      return publish(o, parsed, items, ChunkBatch.SEALED, traceparent);
    });
  }

  private Future<Void> publish(UploadedObject o, DocumentParser.Parsed parsed, List<ChunkBatch.Item> chunks,
      String encoding, String traceparent) {
    long generation = System.currentTimeMillis();
    int total = chunks.size();
    return documents.markParsed(o.tenant(), o.documentId(), generation, parsed.pageCount(), total)
        .compose(marked -> {
          if (!marked) {
            return Future.succeededFuture();
          }
          int per = config.chunksPerRecord();
          int batches = (total + per - 1) / per;
          List<Future<Void>> sent = new ArrayList<>(batches);
          for (int b = 0; b < batches; b++) {
            List<ChunkBatch.Item> items = chunks.subList(b * per, Math.min(total, (b + 1) * per));
            ChunkBatch batch = new ChunkBatch(o.tenant(), o.documentId(), generation, b, batches, total,
                parsed.pageCount(), encoding, items);
            sent.add(publisher.publish(publisher.topics().chunks(), o.documentId().toString(), batch.encode(),
                o.tenant().value(), ChunkBatch.EVENT_TYPE, ChunkBatch.SCHEMA_VERSION, traceparent));
          }
          return Future.all(sent).mapEmpty();
        });
  }

  /** Purges only what the event is about: the document's own object, once the store no longer has it. */
  private Future<Void> purge(UploadedObject o) {
    return documents.find(o.tenant(), o.documentId()).compose(found -> {
      if (found.isEmpty()) {
        LOG.info("removal of an unknown document [tenant: {}, doc: {}]", o.tenant(), o.documentId());
        return Future.succeededFuture();
      }
      if (!recordedObject(found.get(), o)) { // blocking-ok: Optional.get
        return Future.failedFuture(mismatch(o));
      }
      return objects.exists(o.tenant(), o.bucket(), o.key()).compose(exists -> {
        if (exists) {
          return Future.failedFuture(new ChartlineException(ErrorCode.OBJECT_STILL_EXISTS, o.tenant(),
              "the object named by the removal event still exists", null));
        }
        return documents.markDeleted(o.tenant(), o.documentId()).map(done -> {
          LOG.info("document deleted [tenant: {}, doc: {}]", o.tenant(), o.documentId());
          return null;
        });
      });
    });
  }

  private static boolean recordedObject(Document doc, UploadedObject o) {
    return o.bucket().equals(doc.objectBucket()) && o.key().equals(doc.objectKey());
  }

  private static ChartlineException mismatch(UploadedObject o) {
    return new ChartlineException(ErrorCode.OBJECT_MISMATCH, o.tenant(),
        "the event's object is not the one recorded for its document", null);
  }

  private Future<Void> fail(UploadedObject o, String code, String message) {
    LOG.info("document failed [tenant: {}, doc: {}, code: {}]", o.tenant(), o.documentId(), code);
    return documents.markFailed(o.tenant(), o.documentId(), code, message);
  }
}
