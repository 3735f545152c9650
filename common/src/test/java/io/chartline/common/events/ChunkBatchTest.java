package io.chartline.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.crypto.SealedText;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code docs.chunks.v1}: round trip, strict fields, counters and the encoding guard. */
class ChunkBatchTest {

  static final UUID DOC = UUID.fromString("3f2c9a4e-8b1d-4c6f-9e2a-5d7b0c1e4f3a");
  static final String T1 = "Based on the titration portion of the sleep study, CPAP 10 cm H2O is recommended.";
  static final String T2 = "PLAN: Überweisung an Schlaflabor — follow-up in 6 weeks.";

  static ChunkBatch sample() {
    return new ChunkBatch(TenantId.of("demo-clinic"), DOC, 1_741_701_913_000L, 1, 2, 10, 3, ChunkBatch.PLAIN,
        List.of(new ChunkBatch.Item(8, 2, 1187, 1187 + T1.length(), 21, T1),
            new ChunkBatch.Item(9, 3, 0, T2.length(), 17, T2)));
  }

  static JsonObject json() {
    return new JsonObject(new String(sample().encode(), StandardCharsets.UTF_8));
  }

  static JsonObject firstChunk(JsonObject batch) {
    return batch.getJsonArray("chunks").getJsonObject(0);
  }

  static void assertUndecodable(JsonObject o) {
    byte[] payload = o.encode().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChunkBatch.decode(payload))
        .isInstanceOf(EventDecodeException.class)
        .extracting(e -> ((EventDecodeException) e).code()).isEqualTo(ErrorCode.UNDECODABLE_RECORD);
  }

  /** encode → decode returns an equal batch, chunk for chunk, non-ASCII text included. */
  @Test
  void roundTrip() {
    ChunkBatch in = sample();

    ChunkBatch out = ChunkBatch.decode(in.encode());

    assertThat(out).isEqualTo(in);
    assertThat(out.chunks()).extracting(ChunkBatch.Item::text).containsExactly(T1, T2);
    assertThat(out.generation()).isEqualTo(1_741_701_913_000L);
  }

  /** The last valid chunk index (totalChunks − 1) and the last batch (batchCount − 1) are accepted. */
  @Test
  void acceptsTheUpperBoundsOfItsCounters() {
    JsonObject o = json().put("totalChunks", 10).put("batchIndex", 1).put("batchCount", 2);
    firstChunk(o).put("index", 9);

    ChunkBatch out = ChunkBatch.decode(o.encode().getBytes(StandardCharsets.UTF_8));

    assertThat(out.chunks().get(0).index()).isEqualTo(9);
  }

  /** An unknown top-level field is rejected (the contract forbids additions within v1). */
  @Test
  void rejectsAnUnknownTopLevelField() {
    assertUndecodable(json().put("title", "Discharge summary"));
  }

  /** An unknown field inside a chunk is rejected too. */
  @Test
  void rejectsAnUnknownChunkField() {
    JsonObject o = json();
    firstChunk(o).put("embedding", new JsonArray().add(0.1));
    assertUndecodable(o);
  }

  /** Each required top-level field, when missing, makes the record undecodable. */
  @ParameterizedTest
  @ValueSource(strings = {"tenantId", "documentId", "generation", "batchIndex", "batchCount", "totalChunks",
      "pageCount", "encoding", "chunks"})
  void rejectsAMissingTopLevelField(String field) {
    JsonObject o = json();
    o.remove(field);
    assertUndecodable(o);
  }

  /** Each required chunk field, when missing, makes the record undecodable. */
  @ParameterizedTest
  @ValueSource(strings = {"index", "page", "start", "end", "tokens", "text"})
  void rejectsAMissingChunkField(String field) {
    JsonObject o = json();
    firstChunk(o).remove(field);
    assertUndecodable(o);
  }

  /** Negative counters are rejected at the top level. */
  @ParameterizedTest
  @ValueSource(strings = {"batchIndex", "batchCount", "totalChunks", "pageCount"})
  void rejectsNegativeTopLevelCounters(String field) {
    assertUndecodable(json().put(field, -1));
  }

  /** Negative chunk positions and token counts are rejected. */
  @ParameterizedTest
  @ValueSource(strings = {"index", "page", "start", "end", "tokens"})
  void rejectsNegativeChunkNumbers(String field) {
    JsonObject o = json();
    firstChunk(o).put(field, -1);
    assertUndecodable(o);
  }

  /** Counters beyond a 32-bit int are rejected rather than wrapped. */
  @Test
  void rejectsCountersBeyondInt() {
    assertUndecodable(json().put("totalChunks", 1L << 32));
  }

  /** Encodings other than "plain" (future encrypted ones, or a different case) are rejected. */
  @ParameterizedTest
  @ValueSource(strings = {"aes-256-gcm", "PLAIN", "Plain", "base64", " plain"})
  void rejectsUnknownEncodings(String encoding) {
    assertUndecodable(json().put("encoding", encoding));
  }

  /** A chunk index equal to or above totalChunks is rejected. */
  @ParameterizedTest
  @ValueSource(ints = {10, 11, Integer.MAX_VALUE})
  void rejectsAChunkIndexAtOrBeyondTotalChunks(int index) {
    JsonObject o = json();
    firstChunk(o).put("index", index);
    assertUndecodable(o);
  }

  /** batchIndex must be below batchCount, and a batch must carry at least one chunk. */
  @Test
  void rejectsInconsistentBatchCounters() {
    assertUndecodable(json().put("batchIndex", 2).put("batchCount", 2));
    assertUndecodable(json().put("batchIndex", 0).put("batchCount", 0));
    assertUndecodable(json().put("chunks", new JsonArray()));
  }

  /** Offsets that disagree with the text length are rejected. */
  @Test
  void rejectsOffsetsThatDisagreeWithTheText() {
    JsonObject o = json();
    firstChunk(o).put("end", firstChunk(o).getInteger("end") + 1);
    assertUndecodable(o);
  }

  /** Mistyped values (string numbers, non-object chunks, empty text, fractional counters) are rejected. */
  @Test
  void rejectsMistypedValues() {
    assertUndecodable(json().put("totalChunks", "10"));
    assertUndecodable(json().put("chunks", new JsonArray().add("text")));
    assertUndecodable(json().put("generation", 1.5));
    JsonObject emptyText = json();
    firstChunk(emptyText).put("text", "").put("start", 0).put("end", 0);
    assertUndecodable(emptyText);
  }

  /** Invalid tenant ids and document ids are rejected. */
  @Test
  void rejectsInvalidIds() {
    assertUndecodable(json().put("tenantId", "Demo-Clinic"));
    assertUndecodable(json().put("tenantId", "demo'; drop table chunks; --"));
    assertUndecodable(json().put("documentId", "not-a-uuid"));
    assertUndecodable(json().put("documentId", ""));
  }

  static ChunkBatch sealedSample() {
    return sample().sealed(List.of(new SealedText(1, new byte[] {1, 2, 3}), new SealedText(2, new byte[] {4, 5})));
  }

  /** A sealed batch round-trips its messages and key versions and carries no text. */
  @Test
  void sealedRoundTrip() {
    ChunkBatch out = ChunkBatch.decode(sealedSample().encode());

    assertThat(out.encoding()).isEqualTo(ChunkBatch.SEALED);
    assertThat(out.chunks()).extracting(ChunkBatch.Item::text).containsOnlyNulls();
    assertThat(out.chunks().get(0).sealed().message()).containsExactly(1, 2, 3);
    assertThat(out.chunks().get(1).sealed().keyVersion()).isEqualTo(2);
    assertThat(new String(sealedSample().encode(), StandardCharsets.UTF_8)).doesNotContain("titration");
  }

  /** A sealed chunk with text, or without its message or key version, is undecodable. */
  @Test
  void sealedChunksCarryExactlyTheirMessage() {
    JsonObject sealed = new JsonObject(new String(sealedSample().encode(), StandardCharsets.UTF_8));
    assertUndecodable(sealed.copy().put("chunks", new JsonArray().add(firstChunk(sealed).copy().put("text", T1))));
    assertUndecodable(sealed.copy().put("chunks", new JsonArray().add(firstChunk(sealed).copy().put("keyVersion", 0))));
    assertUndecodable(sealed.copy().put("chunks", new JsonArray().add(firstChunk(sealed).copy().put("sealed", "%%"))));
    JsonObject noMessage = firstChunk(sealed).copy();
    noMessage.remove("sealed");
    assertUndecodable(sealed.copy().put("chunks", new JsonArray().add(noMessage)));
    assertUndecodable(json().put("chunks", new JsonArray().add(firstChunk(json()).copy().put("sealed", "AQID"))));
  }

  /** Opened texts are checked against the offsets like plain ones. */
  @Test
  void openedTextsMustFitTheirOffsets() {
    ChunkBatch opened = sealedSample().opened(List.of(T1, T2));
    assertThat(opened.encoding()).isEqualTo(ChunkBatch.PLAIN);
    assertThat(opened.chunks()).extracting(ChunkBatch.Item::text).containsExactly(T1, T2);

    assertThatThrownBy(() -> sealedSample().opened(List.of(T1, T2 + " and more")))
        .isInstanceOf(EventDecodeException.class);
  }
}
