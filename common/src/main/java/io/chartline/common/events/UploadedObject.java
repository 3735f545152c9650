package io.chartline.common.events;

import io.chartline.common.tenant.TenantId;
import java.util.Objects;
import java.util.UUID;

/**
 * One object announced by a {@code docs.uploaded.v1} record (or an S3 notification).
 *
 * @param key the object key, already URL-decoded exactly once
 * @param contentType declared content type, or null when the event did not carry one
 */
public record UploadedObject(String eventName, String bucket, String key, long size, String eTag, String versionId,
    TenantId tenant, UUID documentId, String contentType) {

  public UploadedObject {
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(documentId, "documentId");
  }

  public boolean created() {
    return eventName.startsWith("ObjectCreated:");
  }

  public boolean removed() {
    return eventName.startsWith("ObjectRemoved:");
  }
}
