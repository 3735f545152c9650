package io.chartline.common.store;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A document row as the API shows it. */
public record Document(TenantId tenant, UUID id, String title, String contentType, long sizeBytes,
    DocumentStatus status, String errorCode, String errorMessage, Integer pageCount, Integer chunkCount,
    String objectBucket, String objectKey, String objectETag, OffsetDateTime createdAt, OffsetDateTime updatedAt,
    OffsetDateTime indexedAt) {

  public JsonObject toJson() {
    JsonObject o = new JsonObject()
        .put("id", id.toString())
        .put("title", title)
        .put("content_type", contentType)
        .put("size_bytes", sizeBytes)
        .put("status", status.db())
        .put("page_count", pageCount)
        .put("chunk_count", chunkCount)
        .put("created_at", createdAt == null ? null : createdAt.toString())
        .put("updated_at", updatedAt == null ? null : updatedAt.toString())
        .put("indexed_at", indexedAt == null ? null : indexedAt.toString());
    if (errorCode != null) {
      o.put("error", new JsonObject().put("code", errorCode).put("message", errorMessage));
    }
    return o;
  }
}
