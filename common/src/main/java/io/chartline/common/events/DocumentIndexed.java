package io.chartline.common.events;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A {@code docs.indexed.v1} record: the document's chunks are all searchable. */
public record DocumentIndexed(TenantId tenant, UUID documentId, int chunkCount, String model, Instant indexedAt) {

  public static final String EVENT_TYPE = "docs.indexed";
  public static final int SCHEMA_VERSION = 1;
  private static final Set<String> FIELDS = Set.of("tenantId", "documentId", "chunkCount", "model", "indexedAt");

  public byte[] encode() {
    return new JsonObject()
        .put("tenantId", tenant.value())
        .put("documentId", documentId.toString())
        .put("chunkCount", chunkCount)
        .put("model", model)
        .put("indexedAt", indexedAt.toString())
        .toBuffer().getBytes();
  }

  /** @throws EventDecodeException when the payload breaks the contract */
  public static DocumentIndexed decode(byte[] payload) {
    JsonObject o = Json.parse(payload);
    Json.onlyFields(o, FIELDS, "indexed event");
    String tenant = Json.str(o, "tenantId");
    if (!TenantId.isValid(tenant)) {
      throw new EventDecodeException("invalid tenantId");
    }
    Instant at;
    try {
      at = Instant.parse(Json.str(o, "indexedAt"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new EventDecodeException("invalid indexedAt");
    }
    return new DocumentIndexed(TenantId.of(tenant), ChunkBatch.uuid(Json.str(o, "documentId")),
        Json.intNonNegative(o, "chunkCount"), Json.str(o, "model"), at);
  }
}
