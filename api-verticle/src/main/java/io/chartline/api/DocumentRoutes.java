package io.chartline.api;

import io.chartline.common.auth.Principal;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.events.S3EventCodec;
import io.chartline.common.events.UploadedObject;
import io.chartline.common.kafka.EventPublisher;
import io.chartline.common.store.Document;
import io.chartline.common.store.DocumentStore;
import io.chartline.common.store.DocumentStatus;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.chartline.common.text.TextRules;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Document upload and reads. An upload is stored in S3 under a tenant-scoped key, recorded as
 * {@code received}, announced on {@code docs.uploaded.v1}, and answered 202 with its id.
 *
 * <p>Title and patient are PHI, so they never come from the URL ({@link TextInputs} refuses them
 * there): a raw-body upload names them in {@value TextInputs#TITLE_HEADER} (percent-encoded UTF-8)
 * and {@value TextInputs#PATIENT_HEADER}; a multipart upload in its {@code title} and
 * {@code patient_id} fields (the headers are honoured when a field is absent). A listing filters
 * by patient with {@value TextInputs#PATIENT_HEADER}.
 */
public final class DocumentRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentRoutes.class);
  private static final int MAX_TITLE = 300;

  private final ApiConfig config;
  private final ObjectStore objects;
  private final DocumentStore documents;
  private final EventPublisher publisher;
  private final Auditor auditor;
  private final Clock clock;
  private final String region;
  private final TenantCrypto crypto;

  public DocumentRoutes(ApiConfig config, ObjectStore objects, DocumentStore documents, EventPublisher publisher,
      Auditor auditor, Clock clock, String region, TenantCrypto crypto) {
    this.config = Objects.requireNonNull(config, "config");
    this.objects = Objects.requireNonNull(objects, "objects");
    this.documents = Objects.requireNonNull(documents, "documents");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.region = Objects.requireNonNull(region, "region");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
  }

  /** Rejects a declared Content-Length over the limit before the body is read. */
  public void precheckSize(RoutingContext ctx) {
    String len = ctx.request().getHeader("Content-Length");
    if (len != null) {
      try {
        if (Long.parseLong(len.trim()) > config.maxUploadBytes()) {
          ApiErrors.send(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "document exceeds " + config.maxUploadBytes() + " bytes");
          return;
        }
      } catch (NumberFormatException e) {
        ApiErrors.send(ctx, ErrorCode.INVALID_REQUEST, "invalid Content-Length");
        return;
      }
    }
    String type = baseType(ctx.request().getHeader("Content-Type"));
    if (!type.equals("multipart/form-data") && !config.uploadContentTypes().contains(type)) {
      ApiErrors.send(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be one of " + config.uploadContentTypes() + " or multipart/form-data");
      return;
    }
    ctx.next();
  }

  public void upload(RoutingContext ctx) {
    Principal p = AuthHandler.principal(ctx);
    String type = baseType(ctx.request().getHeader("Content-Type"));
    Future<Buffer> body;
    String title;
    String patient = ctx.request().getHeader(TextInputs.PATIENT_HEADER);
    String contentType;
    String titleHeader = ctx.request().getHeader(TextInputs.TITLE_HEADER);
    String headerTitle = titleHeader == null ? null : TextRules.percentDecode(titleHeader);
    if (titleHeader != null && (headerTitle == null || !TextRules.isLine(headerTitle))) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, TextInputs.TITLE_HEADER + " must be percent-encoded UTF-8 "
          + "(RFC 3986) of a title without control characters");
      return;
    }
    if (type.equals("multipart/form-data")) {
      List<FileUpload> files = ctx.fileUploads();
      if (files.size() != 1) {
        ApiErrors.send(ctx, ErrorCode.INVALID_REQUEST, "multipart upload needs exactly one file part");
        return;
      }
      FileUpload file = files.get(0);
      contentType = baseType(file.contentType());
      if (!config.uploadContentTypes().contains(contentType)) {
        ApiErrors.send(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "file part type must be one of "
            + config.uploadContentTypes());
        return;
      }
      title = firstNonBlank(firstNonBlank(ctx.request().getFormAttribute("title"), headerTitle), file.fileName());
      String formPatient = ctx.request().getFormAttribute("patient_id");
      patient = formPatient != null ? formPatient : patient;
      body = ctx.vertx().fileSystem().readFile(file.uploadedFileName());
    } else {
      contentType = type;
      title = headerTitle;
      body = Future.succeededFuture(ctx.body().buffer());
    }
    DataScope scope = AuthHandler.scope(ctx);
    if (patient != null && !DataScope.isValidPatientId(patient)) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "patient_id must be 1-128 letters, digits or . _ : -");
      return;
    }
    if (scope.patientScoped()) {
      // a caller confined to one patient files documents for that patient only
      if (patient != null && !patient.equals(scope.patientId())) {
        auditor.record(ctx, "document.create", "document", null, Outcome.DENIED, "PATIENT_SCOPE")
            .onComplete(ar -> ApiErrors.send(ctx, ErrorCode.FORBIDDEN, "this token may not file documents for "
                + "another patient"));
        return;
      }
      patient = scope.patientId();
    }
    String patientId = patient;
    if (title != null && title.length() > MAX_TITLE) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "title longer than " + MAX_TITLE + " characters");
      return;
    }
    body.onFailure(t -> ApiErrors.send(ctx, ErrorCode.INTERNAL, "upload could not be read"))
        .onSuccess(buf -> store(ctx, p, title, patientId, contentType, buf));
  }

  private void store(RoutingContext ctx, Principal p, String title, String patientId, String contentType,
      Buffer buf) {
    if (buf == null || buf.length() == 0) {
      ApiErrors.send(ctx, ErrorCode.EMPTY_DOCUMENT, "document body is empty");
      return;
    }
    if (buf.length() > config.maxUploadBytes()) {
      ApiErrors.send(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "document exceeds " + config.maxUploadBytes() + " bytes");
      return;
    }
    TenantId tenant = p.tenant();
    UUID id = UUID.randomUUID();
    String key = ObjectKeys.documentKey(tenant, id);
    byte[] bytes = buf.getBytes();
    objects.put(tenant, key, bytes, contentType)
        .compose(stored -> sealTitle(tenant, id, title)
            .compose(sealed -> documents.insertReceived(tenant, id, title, sealed, patientId, contentType, bytes.length, stored,
                p.subject()))
            .map(v -> stored))
        .compose(stored -> {
          UploadedObject event = new UploadedObject("ObjectCreated:Put", stored.bucket(), key, bytes.length,
              stored.eTag(), stored.versionId(), tenant, id, contentType);
          return publisher.publish(publisher.topics().uploaded(), id.toString(), S3EventCodec.encode(event, region,
                  clock.instant()), tenant.value(), S3EventCodec.EVENT_TYPE, S3EventCodec.SCHEMA_VERSION, null)
              .recover(t -> documents.markFailed(tenant, id, ErrorCode.UNAVAILABLE.name(),
                      "the document could not be queued for processing; upload it again")
                  .transform(x -> Future.failedFuture(t)));
        })
        .compose(v -> auditor.record(ctx, "document.create", "document", id.toString(), Outcome.SUCCESS, null))
        .onSuccess(v -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
            .putHeader("Location", "/v1/documents/" + id)
            .end(new JsonObject().put("id", id.toString()).put("status", DocumentStatus.RECEIVED.db()).encode()))
        .onFailure(t -> {
          ChartlineException e = ChartlineException.wrap(t, tenant);
          LOG.warn("upload failed [tenant: {}, doc: {}, code: {}, error: {}]", tenant, id, e.code(),
              t.getClass().getSimpleName());
          auditor.record(ctx, "document.create", "document", id.toString(), Outcome.FAILURE, e.code().name());
          if (e.code() == ErrorCode.TENANT_DELETED) {
            ApiErrors.send(ctx, ErrorCode.TENANT_DELETED, "this tenant was deleted");
          } else {
            ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "the document could not be stored; try again");
          }
        });
  }

  public void get(RoutingContext ctx) {
    Principal p = AuthHandler.principal(ctx);
    UUID id = parseId(ctx.pathParam("id"));
    if (id == null) {
      ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "document not found");
      return;
    }
    documents.find(AuthHandler.scope(ctx), id)
        .compose(found -> found.isEmpty() ? Future.succeededFuture(found)
            : withTitles(p.tenant(), List.of(found.get())).map(docs -> Optional.of(docs.get(0))))
        .onFailure(t -> ApiErrors.send(ctx, t)).onSuccess(doc -> {
      Outcome outcome = doc.isPresent() ? Outcome.SUCCESS : Outcome.FAILURE;
      auditor.record(ctx, "document.read", "document", id.toString(), outcome, doc.isPresent() ? null : "NOT_FOUND")
          .onFailure(t -> ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "audit unavailable; no data returned"))
          .onSuccess(v -> {
            if (doc.isEmpty()) {
              ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "document not found");
            } else {
              ctx.response().putHeader("content-type", "application/json").end(doc.get().toJson().encode());
            }
          });
    });
  }

  public void list(RoutingContext ctx) {
    Principal p = AuthHandler.principal(ctx);
    Integer limit = intParam(ctx, "limit", 20, 1, config.maxPageSize());
    Integer offset = intParam(ctx, "offset", 0, 0, config.limits().maxListOffset());
    if (limit == null || offset == null) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "limit must be 1.." + config.maxPageSize()
          + " and offset 0.." + config.limits().maxListOffset());
      return;
    }
    DocumentStatus status = null;
    String s = ctx.queryParams().get("status");
    if (s != null) {
      try {
        status = DocumentStatus.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "unknown status");
        return;
      }
    }
    String patient = ctx.request().getHeader(TextInputs.PATIENT_HEADER);
    if (patient != null && !DataScope.isValidPatientId(patient)) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "patient_id must be 1-128 letters, digits or . _ : -");
      return;
    }
    documents.list(AuthHandler.scope(ctx), patient, status, limit, offset).compose(found -> withTitles(p.tenant(), found))
        .onFailure(t -> ApiErrors.send(ctx, t)).onSuccess(docs ->
        auditor.record(ctx, "document.list", "document", null, Outcome.SUCCESS, null)
            .onFailure(t -> ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "audit unavailable; no data returned"))
            .onSuccess(v -> {
              JsonArray items = new JsonArray();
              docs.forEach(d -> items.add(d.toJson()));
              ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
                  .put("items", items).put("limit", limit).put("offset", offset)
                  .put("next_offset", docs.size() == limit ? offset + limit : null).encode());
            }));
  }

  /** Titles often name the patient: sealed like chunk text when encryption is on. */
  private Future<SealedText> sealTitle(TenantId tenant, UUID id, String title) {
    if (title == null || !crypto.enabled()) {
      return Future.succeededFuture(null);
    }
    return crypto.seal(tenant, id, List.of(title)).map(sealed -> sealed.get(0));
  }

  private Future<List<Document>> withTitles(TenantId tenant, List<Document> docs) {
    List<TenantCrypto.Envelope> sealed = new ArrayList<>();
    for (Document d : docs) {
      if (d.sealedTitle() != null) {
        sealed.add(new TenantCrypto.Envelope(d.id(), d.sealedTitle()));
      }
    }
    if (sealed.isEmpty()) {
      return Future.succeededFuture(docs);
    }
    return crypto.open(tenant, sealed).map(titles -> {
      List<Document> out = new ArrayList<>(docs.size());
      int t = 0;
      for (Document d : docs) {
        out.add(d.sealedTitle() == null ? d : d.withTitle(titles.get(t++)));
      }
      return out;
    });
  }

  static Integer intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      return i < min || i > max ? null : i;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static UUID parseId(String s) {
    try {
      UUID id = UUID.fromString(s);
      return id.toString().equals(s.toLowerCase(Locale.ROOT)) ? id : null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  static String baseType(String header) {
    if (header == null) {
      return "";
    }
    int semi = header.indexOf(';');
    return (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  private static String firstNonBlank(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}
