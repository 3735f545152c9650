package io.chartline.common.store;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A document row as the API shows it. Its title is {@code title}, or {@code sealedTitle} until
 * opened with the tenant's key ({@link #withTitle}). {@code patientId} is the patient the document
 * belongs to, or null.
 */
public record Document(TenantId tenant, UUID id, String title, String contentType, long sizeBytes,
    DocumentStatus status, String errorCode, String errorMessage, Integer pageCount, Integer chunkCount,
    String objectBucket, String objectKey, String objectETag, OffsetDateTime createdAt, OffsetDateTime updatedAt,
    OffsetDateTime indexedAt, SealedText sealedTitle, String patientId) {

  public Document withTitle(String opened) {
    return new Document(tenant, id, opened, contentType, sizeBytes, status, errorCode, errorMessage, pageCount,
        chunkCount, objectBucket, objectKey, objectETag, createdAt, updatedAt, indexedAt, null,
        patientId);
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject()
        .put("id", id.toString())
        .put("title", title)
        .put("patient_id", patientId)
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
