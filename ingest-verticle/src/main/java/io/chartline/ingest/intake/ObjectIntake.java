package io.chartline.ingest.intake;

import io.chartline.common.audit.AuditSink;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.events.S3EventCodec;
import io.chartline.common.events.UploadedObject;
import io.chartline.common.intake.ObjectEvent;
import io.chartline.common.intake.ObjectEventSource;
import io.chartline.common.intake.ObjectSourceStore;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.TenantDirectory;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bucket's event notifications into {@code docs.uploaded.v1}, so an object any client
 * writes under {@code tenants/<tenant>/} is ingested like an upload through the API. For each event
 * of a delivery, in order:
 * <ul>
 *   <li>an object of another bucket, or one outside every tenant's prefix, is refused with a
 *       dead-letter record; an object of a tenant that is not active is refused with an audit event
 *       and a dead-letter record (refusals are durable, so the message is then deleted);</li>
 *   <li>Chartline's own uploads ({@code tenants/<t>/documents/<id>}) are skipped: the API announced them;</li>
 *   <li>a creation reads the object's head (an object gone since is skipped), makes or renews its
 *       document ({@code received}; the title from the object's {@code title} metadata or the key's
 *       last segment, sealed under the tenant's key) and announces it, unless the store already
 *       saw a newer event for the key; a removal announces the removal, which the ingest stage
 *       carries out once the object is gone.</li>
 * </ul>
 * The delivery succeeds (and the message is deleted) only when every record made from it is
 * acknowledged by the broker. A message that is not an S3 notification fails permanently: the
 * queue's redrive policy moves it to its dead-letter queue. Object keys are never logged.
 */
public final class ObjectIntake {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectIntake.class);
  static final String STAGE = "intake";
  static final String ACTOR = "chartline:object-intake";
  static final String CREATED_BY = "s3-intake";
  private static final String TITLE_METADATA = "title";

  private final ObjectStore objects;
  private final TenantDirectory tenants;
  private final ObjectSourceStore sources;
  private final TenantCrypto crypto;
  private final EventPublisher publisher;
  private final AuditSink audit;
  private final Clock clock;
  private final String region;

  /** @param region the region named in the records it publishes (as S3 would) */
  public ObjectIntake(ObjectStore objects, TenantDirectory tenants, ObjectSourceStore sources, TenantCrypto crypto,
      EventPublisher publisher, AuditSink audit, Clock clock, String region) {
    this.objects = Objects.requireNonNull(objects, "objects");
    this.tenants = Objects.requireNonNull(tenants, "tenants");
    this.sources = Objects.requireNonNull(sources, "sources");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.region = Objects.requireNonNull(region, "region");
  }

  /** The document id an object of another client becomes: the same for every version of the key. */
  public static UUID documentId(TenantId tenant, String bucket, String key) {
    return UUID.nameUUIDFromBytes(("chartline-object\u0000" + tenant.value() + "\u0000" + bucket + "\u0000" + key)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Handles one delivery; succeeds when everything made from it is durable. */
  public Future<Void> handle(ObjectEventSource.Delivery delivery) {
    if (delivery.unreadable().isPresent()) {
      LOG.warn("unreadable queue message [message: {}, code: {}, receives: {}]", delivery.messageId(),
          delivery.unreadable().get(), delivery.receiveCount()); // blocking-ok: Optional.get, present
      return Future.failedFuture(new ChartlineException(ErrorCode.UNREADABLE_NOTIFICATION,
          "the queue message is not an S3 event notification"));
    }
    Future<Void> chain = Future.succeededFuture();
    for (ObjectEvent e : delivery.events()) {
      chain = chain.compose(v -> handle(e));
    }
    return chain;
  }

  private Future<Void> handle(ObjectEvent e) {
    if (!e.bucket().equals(objects.bucket())) {
      return refuse(e, null, ErrorCode.BUCKET_NOT_ALLOWED, "the event names a bucket this deployment does not ingest");
    }
    if (ObjectKeys.parse(e.key()).isPresent()) {
      return Future.succeededFuture(); // one of Chartline's own uploads: the API announced it
    }
    Optional<TenantId> claimed = tenantOf(e.key());
    if (claimed.isEmpty()) {
      return refuse(e, null, ErrorCode.TENANT_UNKNOWN, "the object key is outside every tenant's prefix");
    }
    TenantId tenant = claimed.get(); // blocking-ok: Optional.get after isEmpty()
    return tenants.state(tenant).compose(state -> {
      if (state.isEmpty() || state.get() != TenantDirectory.State.ACTIVE) { // blocking-ok: Optional.get, present
        ErrorCode code = state.isEmpty() ? ErrorCode.TENANT_UNKNOWN : ErrorCode.TENANT_DELETED;
        return auditRefusal(tenant, e, code).compose(v -> refuse(e, tenant, code,
            "the object's tenant is not an active tenant"));
      }
      UUID documentId = documentId(tenant, e.bucket(), e.key());
      return e.kind() == ObjectEvent.Kind.CREATED ? created(tenant, documentId, e) : removed(tenant, documentId, e);
    });
  }

  private Future<Void> created(TenantId tenant, UUID documentId, ObjectEvent e) {
    return objects.head(tenant, e.bucket(), e.key()).compose(head -> {
      if (head.isEmpty()) {
        LOG.info("object gone before intake [tenant: {}, doc: {}]", tenant, documentId);
        return Future.succeededFuture();
      }
      ObjectStore.ObjectHead h = head.get(); // blocking-ok: Optional.get after isEmpty()
      String title = title(h, e.key());
      String contentType = h.contentType() == null || h.contentType().isBlank() ? "application/octet-stream"
          : h.contentType();
      long size = h.size() >= 0 ? h.size() : e.size();
      Future<ObjectSourceStore.Version> version = crypto.enabled()
          ? crypto.seal(tenant, documentId, List.of(title)).map(sealed -> new ObjectSourceStore.Version(documentId,
              e, null, sealed.get(0), contentType, size))
          : Future.succeededFuture(new ObjectSourceStore.Version(documentId, e, title, null, contentType, size));
      return version.compose(v -> sources.created(tenant, v, CREATED_BY)).compose(decision -> switch (decision) {
        case INGEST, INGEST_AGAIN -> announce(tenant, documentId, e, "ObjectCreated:Put", size, contentType)
            .onSuccess(x -> LOG.info("object taken in [tenant: {}, doc: {}, again: {}]", tenant, documentId,
                decision == ObjectSourceStore.Decision.INGEST_AGAIN));
        default -> Future.<Void>succeededFuture();
      });
    });
  }

  private Future<Void> removed(TenantId tenant, UUID documentId, ObjectEvent e) {
    return sources.removed(tenant, documentId, e).compose(decision -> decision == ObjectSourceStore.Decision.REMOVE
        ? announce(tenant, documentId, e, "ObjectRemoved:Delete", 0, null)
            .onSuccess(x -> LOG.info("object removal taken in [tenant: {}, doc: {}]", tenant, documentId))
        : Future.succeededFuture());
  }

  private Future<Void> announce(TenantId tenant, UUID documentId, ObjectEvent e, String eventName, long size,
      String contentType) {
    UploadedObject o = new UploadedObject(eventName, e.bucket(), e.key(), size, e.eTag(), e.versionId(), tenant,
        documentId, contentType);
    return publisher.publish(publisher.topics().uploaded(), documentId.toString(),
        S3EventCodec.encode(o, region, e.eventTime() != null ? e.eventTime() : clock.instant()), tenant.value(),
        S3EventCodec.EVENT_TYPE, S3EventCodec.SCHEMA_VERSION, null);
  }

  private Future<Void> auditRefusal(TenantId tenant, ObjectEvent e, ErrorCode code) {
    // the resource is the document the object would have been: its key may carry PHI
    return audit.emit(new AuditEvent(UUID.randomUUID(), clock.instant(), tenant.value(), ACTOR, List.of(),
        "object.intake", "document", documentId(tenant, e.bucket(), e.key()).toString(), AuditEvent.Outcome.FAILURE,
        code.name(), null));
  }

  private Future<Void> refuse(ObjectEvent e, TenantId tenant, ErrorCode code, String reason) {
    LOG.warn("object event refused [tenant: {}, code: {}]", tenant == null ? "-" : tenant, code);
    byte[] payload = new JsonObject().put("eventName", e.kind().name()).put("bucket", e.bucket()).put("key", e.key())
        .put("size", e.size()).put("sequencer", e.sequencer()).put("versionId", e.versionId()).toBuffer().getBytes();
    return publisher.deadLetter(STAGE, "sqs", tenant == null ? null : documentId(tenant, e.bucket(), e.key()).toString(),
        tenant == null ? null : tenant.value(), code.name(), reason, payload);
  }

  /** @return the tenant of a key {@code tenants/<tenant>/<something>}, when the segment is a valid tenant id */
  static Optional<TenantId> tenantOf(String key) {
    String prefix = "tenants/";
    if (!key.startsWith(prefix)) {
      return Optional.empty();
    }
    int end = key.indexOf('/', prefix.length());
    if (end < 0 || end == key.length() - 1) {
      return Optional.empty();
    }
    String tenant = key.substring(prefix.length(), end);
    return TenantId.isValid(tenant) ? Optional.of(TenantId.of(tenant)) : Optional.empty();
  }

  /** The object's {@code title} metadata, else the key's last segment (a title, sealed like any other). */
  static String title(ObjectStore.ObjectHead head, String key) {
    String meta = head.metadata().get(TITLE_METADATA);
    if (meta != null && !meta.isBlank()) {
      return meta.strip();
    }
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
