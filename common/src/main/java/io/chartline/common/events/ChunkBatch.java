package io.chartline.common.events;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One {@code docs.chunks.v1} record: a batch of a document's chunks. A document of N chunks is
 * published as {@code batchCount} records keyed by document id, so they stay in order on one
 * partition. {@code encoding} is {@code plain} today; encrypted payloads add another value.
 */
public record ChunkBatch(TenantId tenant, UUID documentId, long generation, int batchIndex, int batchCount,
    int totalChunks, int pageCount, String encoding, List<Item> chunks) {

  public static final String EVENT_TYPE = "docs.chunks";
  public static final int SCHEMA_VERSION = 1;
  public static final String PLAIN = "plain";

  private static final Set<String> FIELDS = Set.of("tenantId", "documentId", "generation", "batchIndex",
      "batchCount", "totalChunks", "pageCount", "encoding", "chunks");
  private static final Set<String> ITEM_FIELDS = Set.of("index", "page", "start", "end", "tokens", "text");

  /** One chunk: its index in the document, its page and character offsets in that page's text. */
  public record Item(int index, int page, int start, int end, int tokens, String text) {
    public Item {
      Objects.requireNonNull(text, "text");
    }
  }

  public ChunkBatch {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(encoding, "encoding");
    chunks = List.copyOf(chunks);
  }

  public byte[] encode() {
    JsonArray items = new JsonArray();
    for (Item c : chunks) {
      items.add(new JsonObject().put("index", c.index()).put("page", c.page()).put("start", c.start())
          .put("end", c.end()).put("tokens", c.tokens()).put("text", c.text()));
    }
    return new JsonObject()
        .put("tenantId", tenant.value())
        .put("documentId", documentId.toString())
        .put("generation", generation)
        .put("batchIndex", batchIndex)
        .put("batchCount", batchCount)
        .put("totalChunks", totalChunks)
        .put("pageCount", pageCount)
        .put("encoding", encoding)
        .put("chunks", items)
        .toBuffer().getBytes();
  }

  /** @throws EventDecodeException when a required field is missing, mistyped or unknown */
  public static ChunkBatch decode(byte[] payload) {
    JsonObject o = Json.parse(payload);
    Json.onlyFields(o, FIELDS, "chunk batch");
    String tenant = Json.str(o, "tenantId");
    if (!TenantId.isValid(tenant)) {
      throw new EventDecodeException("invalid tenantId");
    }
    String encoding = Json.str(o, "encoding");
    if (!PLAIN.equals(encoding)) {
      throw new EventDecodeException("unsupported encoding");
    }
    List<Item> items = new ArrayList<>();
    for (Object e : Json.arr(o, "chunks")) {
      if (!(e instanceof JsonObject c)) {
        throw new EventDecodeException("chunks[] entry is not an object");
      }
      Json.onlyFields(c, ITEM_FIELDS, "chunk");
      items.add(new Item(Json.intNonNegative(c, "index"), Json.intNonNegative(c, "page"),
          Json.intNonNegative(c, "start"), Json.intNonNegative(c, "end"), Json.intNonNegative(c, "tokens"),
          Json.str(c, "text")));
    }
    int batchIndex = Json.intNonNegative(o, "batchIndex");
    int batchCount = Json.intNonNegative(o, "batchCount");
    int total = Json.intNonNegative(o, "totalChunks");
    if (batchIndex >= batchCount || items.isEmpty()) {
      throw new EventDecodeException("inconsistent batch counters");
    }
    for (Item i : items) {
      if (i.index() >= total) {
        throw new EventDecodeException("chunk index beyond totalChunks");
      }
      if (i.page() < 1 || i.end() - i.start() != i.text().length()) {
        throw new EventDecodeException("chunk page or offsets inconsistent with its text");
      }
    }
    return new ChunkBatch(TenantId.of(tenant), uuid(Json.str(o, "documentId")), Json.num(o, "generation"),
        batchIndex, batchCount, total, Json.intNonNegative(o, "pageCount"), encoding, items);
  }

  static UUID uuid(String s) {
    try {
      UUID u = UUID.fromString(s);
      if (!u.toString().equals(s.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new EventDecodeException("invalid uuid");
    }
  }
}
