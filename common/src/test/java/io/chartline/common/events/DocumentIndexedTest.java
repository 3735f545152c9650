package io.chartline.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code docs.indexed.v1}: round trip and strict decoding. */
class DocumentIndexedTest {

  static final DocumentIndexed SAMPLE = new DocumentIndexed(TenantId.of("demo-clinic"),
      UUID.fromString("3f2c9a4e-8b1d-4c6f-9e2a-5d7b0c1e4f3a"), 10, "sentence-transformers/all-MiniLM-L6-v2",
      Instant.parse("2025-03-11T14:05:13.456789Z"));

  static JsonObject json() {
    return new JsonObject(new String(SAMPLE.encode(), StandardCharsets.UTF_8));
  }

  static void assertUndecodable(JsonObject o) {
    byte[] payload = o.encode().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> DocumentIndexed.decode(payload)).isInstanceOf(EventDecodeException.class);
  }

  /** encode → decode returns an equal event, sub-millisecond instant included. */
  @Test
  void roundTrip() {
    assertThat(DocumentIndexed.decode(SAMPLE.encode())).isEqualTo(SAMPLE);
  }

  /** A zero chunk count is valid and survives the round trip. */
  @Test
  void roundTripWithZeroChunks() {
    DocumentIndexed zero = new DocumentIndexed(SAMPLE.tenant(), SAMPLE.documentId(), 0, SAMPLE.model(),
        SAMPLE.indexedAt());
    assertThat(DocumentIndexed.decode(zero.encode()).chunkCount()).isZero();
  }

  /** An unknown field (e.g. a future "generation") is rejected. */
  @Test
  void rejectsAnUnknownField() {
    assertUndecodable(json().put("generation", 1L));
  }

  /** Each required field, when missing, makes the record undecodable. */
  @ParameterizedTest
  @ValueSource(strings = {"tenantId", "documentId", "chunkCount", "model", "indexedAt"})
  void rejectsAMissingField(String field) {
    JsonObject o = json();
    o.remove(field);
    assertUndecodable(o);
  }

  /** A negative or over-int chunk count is rejected. */
  @Test
  void rejectsOutOfRangeChunkCounts() {
    assertUndecodable(json().put("chunkCount", -1));
    assertUndecodable(json().put("chunkCount", 1L << 31));
  }

  /** Malformed values are rejected: bad time, empty model, bad tenant or uuid, not JSON. */
  @Test
  void rejectsMalformedValues() {
    assertUndecodable(json().put("indexedAt", "yesterday"));
    assertUndecodable(json().put("indexedAt", "2025-03-11 14:05:13"));
    assertUndecodable(json().put("model", ""));
    assertUndecodable(json().put("tenantId", "UPPER"));
    assertUndecodable(json().put("documentId", "3f2c9a4e"));
    assertThatThrownBy(() -> DocumentIndexed.decode("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventDecodeException.class);
    assertThatThrownBy(() -> DocumentIndexed.decode(new byte[0])).isInstanceOf(EventDecodeException.class);
  }
}
