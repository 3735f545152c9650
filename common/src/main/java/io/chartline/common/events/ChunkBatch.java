package io.chartline.common.events;

import io.chartline.common.crypto.SealedText;
import java.util.Base64;

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
 * partition. {@code encoding} says how chunk text travels: {@code plain} (the text itself) or
 * {@code aws-esdk} (an AWS Encryption SDK message under the tenant's key, encryption context
 * {@code {tenant_id, document_id}}, and the key version that sealed it).
 */
public record ChunkBatch(TenantId tenant, UUID documentId, long generation, int batchIndex, int batchCount,
    int totalChunks, int pageCount, String encoding, List<Item> chunks) {

  public static final String EVENT_TYPE = "docs.chunks";
  public static final int SCHEMA_VERSION = 1;
  public static final String PLAIN = "plain";
  public static final String SEALED = "aws-esdk";

  private static final Set<String> FIELDS = Set.of("tenantId", "documentId", "generation", "batchIndex",
      "batchCount", "totalChunks", "pageCount", "encoding", "chunks");
  private static final Set<String> ITEM_FIELDS = Set.of("index", "page", "start", "end", "tokens", "text");
  private static final Set<String> SEALED_ITEM_FIELDS = Set.of("index", "page", "start", "end", "tokens",
      "keyVersion", "sealed");

  /**
   * One chunk: its index in the document, its page and character offsets in that page's text, and
   * either its text or its sealed text.
   */
  public record Item(int index, int page, int start, int end, int tokens, String text, SealedText sealed) {
    public Item {
      if ((text == null) == (sealed == null)) {
        throw new IllegalArgumentException("a chunk carries either text or sealed text");
      }
    }

    public Item(int index, int page, int start, int end, int tokens, String text) {
      this(index, page, start, end, tokens, Objects.requireNonNull(text, "text"), null);
    }

    public Item withText(String t) {
      return new Item(index, page, start, end, tokens, t, null);
    }

    public Item withSealed(SealedText s) {
      return new Item(index, page, start, end, tokens, null, s);
    }
  }

  public ChunkBatch {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(encoding, "encoding");
    chunks = List.copyOf(chunks);
    for (Item i : chunks) {
      if (encoding.equals(PLAIN) ? i.text() == null : i.sealed() == null) {
        throw new IllegalArgumentException("chunk " + i.index() + " does not match encoding " + encoding);
      }
    }
  }

  /** @return this batch with every chunk's text replaced by its sealed form, in order */
  public ChunkBatch sealed(List<SealedText> sealed) {
    List<Item> out = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      out.add(chunks.get(i).withSealed(sealed.get(i)));
    }
    return new ChunkBatch(tenant, documentId, generation, batchIndex, batchCount, totalChunks, pageCount, SEALED, out);
  }

  /**
   * @return this batch with the opened texts, checked like a plain batch
   * @throws EventDecodeException when a text does not fit its offsets
   */
  public ChunkBatch opened(List<String> texts) {
    List<Item> out = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      out.add(chunks.get(i).withText(texts.get(i)));
    }
    checkOffsets(out);
    return new ChunkBatch(tenant, documentId, generation, batchIndex, batchCount, totalChunks, pageCount, PLAIN, out);
  }

  public boolean isSealed() {
    return SEALED.equals(encoding);
  }

  public byte[] encode() {
    JsonArray items = new JsonArray();
    for (Item c : chunks) {
      JsonObject item = new JsonObject().put("index", c.index()).put("page", c.page()).put("start", c.start())
          .put("end", c.end()).put("tokens", c.tokens());
      if (c.sealed() != null) {
        item.put("keyVersion", c.sealed().keyVersion())
            .put("sealed", Base64.getEncoder().encodeToString(c.sealed().message()));
      } else {
        item.put("text", c.text());
      }
      items.add(item);
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
    if (!PLAIN.equals(encoding) && !SEALED.equals(encoding)) {
      throw new EventDecodeException("unsupported encoding");
    }
    boolean sealed = SEALED.equals(encoding);
    List<Item> items = new ArrayList<>();
    for (Object e : Json.arr(o, "chunks")) {
      if (!(e instanceof JsonObject c)) {
        throw new EventDecodeException("chunks[] entry is not an object");
      }
      Json.onlyFields(c, sealed ? SEALED_ITEM_FIELDS : ITEM_FIELDS, "chunk");
      items.add(new Item(Json.intNonNegative(c, "index"), Json.intNonNegative(c, "page"),
          Json.intNonNegative(c, "start"), Json.intNonNegative(c, "end"), Json.intNonNegative(c, "tokens"),
          sealed ? null : Json.str(c, "text"), sealed ? sealedText(c) : null));
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
      if (i.page() < 1 || i.end() < i.start()) {
        throw new EventDecodeException("chunk page or offsets inconsistent");
      }
    }
    if (!sealed) {
      checkOffsets(items);
    }
    return new ChunkBatch(TenantId.of(tenant), uuid(Json.str(o, "documentId")), Json.num(o, "generation"),
        batchIndex, batchCount, total, Json.intNonNegative(o, "pageCount"), encoding, items);
  }

  private static void checkOffsets(List<Item> items) {
    for (Item i : items) {
      if (i.end() - i.start() != i.text().length()) {
        throw new EventDecodeException("chunk page or offsets inconsistent with its text");
      }
    }
  }

  private static SealedText sealedText(JsonObject c) {
    int version = Json.intNonNegative(c, "keyVersion");
    byte[] message;
    try {
      message = Base64.getDecoder().decode(Json.str(c, "sealed"));
    } catch (IllegalArgumentException e) {
      throw new EventDecodeException("sealed is not base64");
    }
    if (version < 1 || message.length == 0) {
      throw new EventDecodeException("sealed chunk without key version or message");
    }
    return new SealedText(version, message);
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
