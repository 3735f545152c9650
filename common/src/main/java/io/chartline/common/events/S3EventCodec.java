package io.chartline.common.events;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Encodes and decodes {@code docs.uploaded.v1}: the S3 event-notification shape
 * ({@code Records[].s3.bucket.name}, form-URL-encoded {@code object.key}) plus a
 * {@code chartline} block with tenant and document ids. The same decoder reads plain S3
 * notifications, deriving tenant and document from the tenant-scoped key.
 */
public final class S3EventCodec {

  public static final String EVENT_TYPE = "docs.uploaded";
  public static final int SCHEMA_VERSION = 1;

  private S3EventCodec() {
  }

  /** @return the JSON bytes of an ObjectCreated:Put event for {@code object}. */
  public static byte[] encode(UploadedObject object, String region, Instant time) {
    JsonObject s3Object = new JsonObject()
        .put("key", encodeKey(object.key()))
        .put("size", object.size());
    if (object.eTag() != null) {
      s3Object.put("eTag", object.eTag());
    }
    if (object.versionId() != null) {
      s3Object.put("versionId", object.versionId());
    }
    s3Object.put("sequencer", Long.toHexString(time.toEpochMilli()).toUpperCase());
    JsonObject record = new JsonObject()
        .put("eventVersion", "2.1")
        .put("eventSource", "aws:s3")
        .put("awsRegion", region)
        .put("eventTime", time.toString())
        .put("eventName", object.eventName())
        .put("s3", new JsonObject()
            .put("s3SchemaVersion", "1.0")
            .put("bucket", new JsonObject().put("name", object.bucket()))
            .put("object", s3Object));
    JsonObject chartline = new JsonObject()
        .put("tenantId", object.tenant().value())
        .put("documentId", object.documentId().toString());
    if (object.contentType() != null) {
      chartline.put("contentType", object.contentType());
    }
    return new JsonObject()
        .put("Records", new JsonArray().add(record))
        .put("chartline", chartline)
        .toBuffer().getBytes();
  }

  /**
   * Decodes every record of an upload event.
   *
   * @throws EventDecodeException when the payload breaks the contract
   * @throws ChartlineException with {@link ErrorCode#TENANT_MISMATCH} when the chartline block and the key disagree
   */
  public static List<UploadedObject> decode(byte[] payload) {
    JsonObject root = Json.parse(payload);
    if ("s3:TestEvent".equals(root.getValue("Event"))) {
      return List.of();
    }
    JsonArray records = Json.arr(root, "Records");
    if (records.isEmpty()) {
      throw new EventDecodeException("no Records");
    }
    Object block = root.getValue("chartline");
    if (block != null && !(block instanceof JsonObject)) {
      throw new EventDecodeException("chartline block is not an object");
    }
    JsonObject chartline = (JsonObject) block;
    if (chartline != null && records.size() != 1) {
      throw new EventDecodeException("a chartline block describes exactly one record");
    }
    List<UploadedObject> out = new ArrayList<>(records.size());
    for (Object r : records) {
      if (!(r instanceof JsonObject record)) {
        throw new EventDecodeException("Records[] entry is not an object");
      }
      out.add(decodeRecord(record, chartline));
    }
    return out;
  }

  private static UploadedObject decodeRecord(JsonObject record, JsonObject chartline) {
    String eventName = Json.str(record, "eventName");
    JsonObject s3 = Json.obj(record, "s3");
    String bucket = Json.str(Json.obj(s3, "bucket"), "name");
    JsonObject object = Json.obj(s3, "object");
    String key = decodeKey(Json.str(object, "key"));
    long size = object.getValue("size") instanceof Number n ? n.longValue() : -1L;
    Optional<ObjectKeys.Location> documentKey = ObjectKeys.parse(key);
    String contentType = null;
    ObjectKeys.Location location;
    if (chartline == null) {
      location = documentKey.orElseThrow(() -> new EventDecodeException(
          "object key is not a tenant-scoped document key"));
    } else {
      String tenantValue = Json.str(chartline, "tenantId");
      if (!TenantId.isValid(tenantValue)) {
        throw new EventDecodeException("chartline.tenantId is not a tenant id");
      }
      TenantId tenant = TenantId.of(tenantValue);
      UUID documentId;
      try {
        documentId = UUID.fromString(Json.str(chartline, "documentId"));
      } catch (IllegalArgumentException e) {
        throw new EventDecodeException("chartline.documentId is not a UUID");
      }
      // Chartline's own uploads live under the document layout and must name the same ids; an
      // object another client wrote (ingested from the bucket's notifications) lies anywhere under
      // the tenant's prefix, and its document id is the one the intake derived for it.
      boolean matches = documentKey.map(l -> l.tenant().equals(tenant) && l.documentId().equals(documentId))
          .orElse(key.startsWith(ObjectKeys.tenantPrefix(tenant)));
      if (!matches) {
        throw new ChartlineException(ErrorCode.TENANT_MISMATCH, documentKey.map(ObjectKeys.Location::tenant)
            .orElse(tenant), "event tenant/document ids do not match the object key", null);
      }
      location = new ObjectKeys.Location(tenant, documentId);
      contentType = Json.optStr(chartline, "contentType");
    }
    return new UploadedObject(eventName, bucket, key, size, Json.optStr(object, "eTag"),
        Json.optStr(object, "versionId"), location.tenant(), location.documentId(), contentType);
  }

  /** Decodes an S3 event key exactly once: {@code +} is a space, {@code %2B} a plus. */
  public static String decodeKey(String eventKey) {
    try {
      return URLDecoder.decode(eventKey, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new EventDecodeException("object key is not valid form-URL encoding");
    }
  }

  /** Encodes a key the way S3 notifications do (form encoding, slashes kept). */
  public static String encodeKey(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }

}
