package io.chartline.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code docs.dlq.v1}: the original bytes survive byte for byte; unknown fields are ignored, required ones enforced. */
class DeadLetterTest {

  static final byte[] ORIGINAL = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '{', '"', 0x7f, (byte) 0x80};
  static final DeadLetter SAMPLE = new DeadLetter("embed", "staging.docs.chunks.v1", 3, 9_876_543_210L,
      "UNDECODABLE_RECORD", "unsupported encoding", Instant.parse("2025-03-11T14:07:45.120Z"), ORIGINAL);

  static JsonObject json() {
    return new JsonObject(new String(SAMPLE.encode(), StandardCharsets.UTF_8));
  }

  static DeadLetter decode(JsonObject o) {
    return DeadLetter.decode(o.encode().getBytes(StandardCharsets.UTF_8));
  }

  static void assertUndecodable(JsonObject o) {
    assertThatThrownBy(() -> decode(o)).isInstanceOf(EventDecodeException.class);
  }

  /** encode → decode keeps every field, and the original payload byte for byte (non-UTF-8 bytes included). */
  @Test
  void roundTrip() {
    DeadLetter out = DeadLetter.decode(SAMPLE.encode());

    assertThat(out.stage()).isEqualTo("embed");
    assertThat(out.sourceTopic()).isEqualTo("staging.docs.chunks.v1");
    assertThat(out.sourcePartition()).isEqualTo(3);
    assertThat(out.sourceOffset()).isEqualTo(9_876_543_210L);
    assertThat(out.reasonCode()).isEqualTo("UNDECODABLE_RECORD");
    assertThat(out.reason()).isEqualTo("unsupported encoding");
    assertThat(out.failedAt()).isEqualTo(SAMPLE.failedAt());
    assertThat(out.originalPayload()).containsExactly(ORIGINAL);
  }

  /** A null original (tombstone) is left out of the JSON and decodes back to null. */
  @Test
  void roundTripWithoutOriginalPayload() {
    DeadLetter tombstone = new DeadLetter("ingest", "docs.uploaded.v1", 0, 0, "UNDECODABLE_RECORD", "empty payload",
        SAMPLE.failedAt(), null);

    assertThat(new JsonObject(new String(tombstone.encode(), StandardCharsets.UTF_8)).containsKey("payloadBase64"))
        .isFalse();
    assertThat(DeadLetter.decode(tombstone.encode()).originalPayload()).isNull();
  }

  /** Unknown fields are ignored, as the contract allows optional additions within v1. */
  @Test
  void ignoresUnknownFields() {
    DeadLetter out = decode(json().put("attempts", 6).put("host", "node-1"));
    assertThat(out.reason()).isEqualTo("unsupported encoding");
    assertThat(out.originalPayload()).containsExactly(ORIGINAL);
  }

  /** Each required field, when missing, makes the record undecodable. */
  @ParameterizedTest
  @ValueSource(strings = {"stage", "sourceTopic", "sourcePartition", "sourceOffset", "reasonCode", "reason",
      "failedAt"})
  void rejectsAMissingField(String field) {
    JsonObject o = json();
    o.remove(field);
    assertUndecodable(o);
  }

  /** Partition -1 marks what did not come from a topic (the intake's refusals); anything lower is rejected. */
  @Test
  void acceptsPartitionMinusOneForTheIntakeAndRejectsLower() {
    assertThat(decode(json().put("sourceTopic", "sqs").put("sourcePartition", -1).put("sourceOffset", -1))
        .sourcePartition()).isEqualTo(-1);
    assertUndecodable(json().put("sourcePartition", -2));
    assertUndecodable(json().put("sourcePartition", 1L + Integer.MAX_VALUE));
  }

  /** Malformed values are rejected: bad time, bad Base64, empty strings, string numbers. */
  @Test
  void rejectsMalformedValues() {
    assertUndecodable(json().put("failedAt", "now"));
    assertUndecodable(json().put("payloadBase64", "***not base64***"));
    assertUndecodable(json().put("payloadBase64", 12));
    assertUndecodable(json().put("stage", ""));
    assertUndecodable(json().put("sourceOffset", "12"));
  }
}
