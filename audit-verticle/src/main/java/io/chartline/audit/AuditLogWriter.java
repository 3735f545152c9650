package io.chartline.audit;

import io.chartline.common.audit.AuditLog;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.EventHeaders;
import io.chartline.common.kafka.RecordHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Appends {@code audit.events.v1} records to the {@link AuditLog}. Events that arrive while a write
 * is in flight go together in one append (up to {@value #MAX_BATCH}); an idle writer writes at
 * once. The log is idempotent per event id, so a redelivered event counts as already recorded.
 * Used from one event-loop context (the audit verticle's).
 */
public final class AuditLogWriter implements RecordHandler {

  private static final int MAX_BATCH = 500;

  private record Pending(AuditEvent event, Promise<Void> done) {
  }

  private final AuditLog log;
  private List<Pending> queue = new ArrayList<>();
  private boolean writing;

  public AuditLogWriter(AuditLog log) {
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public Future<Void> handle(KafkaConsumerRecord<String, byte[]> record) {
    AuditEvent e = AuditEvent.decode(record.value());
    EventHeaders.requireTenant(record.headers(), e.tenantId());
    Promise<Void> done = Promise.promise();
    queue.add(new Pending(e, done));
    flush();
    return done.future();
  }

  private void flush() {
    if (writing || queue.isEmpty()) {
      return;
    }
    List<Pending> batch = queue.size() <= MAX_BATCH ? queue : new ArrayList<>(queue.subList(0, MAX_BATCH));
    queue = queue.size() <= MAX_BATCH ? new ArrayList<>() : new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
    writing = true;
    log.append(batch.stream().map(Pending::event).toList()).onComplete(ar -> {
      writing = false;
      for (Pending p : batch) {
        if (ar.succeeded()) {
          p.done().complete();
        } else {
          p.done().fail(ar.cause());
        }
      }
      flush();
    });
  }
}
