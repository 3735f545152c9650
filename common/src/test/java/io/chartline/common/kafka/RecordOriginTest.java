package io.chartline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Proof of origin: what a producer without the key, or a changed record, cannot pass. */
class RecordOriginTest {

  static final String TOPIC = "docs.chunks.v1";
  static final byte[] VALUE = "{\"generation\":1}".getBytes(StandardCharsets.UTF_8);

  static String key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  final String k1 = key();
  final RecordOrigin origin = new RecordOrigin(RecordKeys.parse("k1:" + k1, "TEST"));

  @Test
  void aSignedRecordVerifiesAndEveryChangedPartFails() {
    String proof = origin.sign(TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE);
    assertThat(origin.verify(proof, TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE)).isTrue();

    assertThat(origin.verify(proof, "docs.uploaded.v1", "doc-1", "tenant-a", "docs.chunks", "1", VALUE)).isFalse();
    assertThat(origin.verify(proof, TOPIC, "doc-2", "tenant-a", "docs.chunks", "1", VALUE)).isFalse();
    assertThat(origin.verify(proof, TOPIC, "doc-1", "tenant-b", "docs.chunks", "1", VALUE)).isFalse();
    assertThat(origin.verify(proof, TOPIC, "doc-1", null, "docs.chunks", "1", VALUE)).isFalse();
    assertThat(origin.verify(proof, TOPIC, "doc-1", "tenant-a", "audit.events", "1", VALUE)).isFalse();
    assertThat(origin.verify(proof, TOPIC, "doc-1", "tenant-a", "docs.chunks", "2", VALUE)).isFalse();
    assertThat(origin.verify(proof, TOPIC, "doc-1", "tenant-a", "docs.chunks", "1",
        "{\"generation\":9}".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void partsCannotBeShiftedBetweenFields() {
    // "ab" + "c" and "a" + "bc" concatenate alike; the length prefixes keep them apart
    String proof = origin.sign(TOPIC, "ab", "c", "docs.chunks", "1", VALUE);
    assertThat(origin.verify(proof, TOPIC, "a", "bc", "docs.chunks", "1", VALUE)).isFalse();
  }

  @Test
  void anotherDeploymentsKeyOrAMalformedProofFails() {
    RecordOrigin other = new RecordOrigin(RecordKeys.parse("k1:" + key(), "TEST"));
    String forged = other.sign(TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE);
    assertThat(origin.verify(forged, TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE)).isFalse();
    for (String bad : new String[] {"", "v1", "v1.k1", "v2.k1.AAAA", "v1.k9.AAAA", "v1.k1.!!!", "v1.k1.AAAA.x"}) {
      assertThat(origin.verify(bad, TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE)).as(bad).isFalse();
    }
  }

  @Test
  void aRetiringKeyStillVerifiesWhileTheNewOneSigns() {
    String k2 = key();
    String old = origin.sign(TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE);
    RecordOrigin rotated = new RecordOrigin(RecordKeys.parse("k2:" + k2 + ",\nk1:" + k1, "TEST"));
    assertThat(rotated.verify(old, TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE)).isTrue();
    assertThat(rotated.sign(TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE)).startsWith("v1.k2.");
  }

  @Test
  void aConsumerRecordNeedsExactlyOneValidProofHeader() {
    String proof = origin.sign(TOPIC, "doc-1", "tenant-a", "docs.chunks", "1", VALUE);
    assertThat(origin.verify(record(proof))).isTrue();
    assertThat(origin.verify(record())).isFalse();
    assertThat(origin.verify(record(proof, proof))).isFalse();
  }

  @Test
  void keysAreAtLeast256BitsAndIdsAreUnique() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> RecordKeys.parse("k1:" + shortKey, "CHARTLINE_RECORD_KEYS"))
        .hasMessageContaining("CHARTLINE_RECORD_KEYS").hasMessageContaining("32");
    assertThatThrownBy(() -> RecordKeys.parse("k1:" + k1 + ",k1:" + key(), "CHARTLINE_RECORD_KEYS"))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> RecordKeys.parse("nocolon", "CHARTLINE_RECORD_KEYS")).hasMessageContaining("id:base64key");
    assertThatThrownBy(() -> RecordKeys.parse(" ", "CHARTLINE_RECORD_KEYS")).hasMessageContaining("no key");
    assertThat(new RecordKeySettings("k1:" + k1, null).toString()).doesNotContain(k1);
  }

  @Test
  void aMissingKeyFileIsCreatedOwnerOnlyAndReadBackTheSame() throws Exception {
    Path dir = Files.createTempDirectory("record-keys");
    Path file = dir.resolve("keys/records.key");
    RecordKeys created = RecordKeys.loadOrCreate(file, "CHARTLINE_RECORD_KEY_FILE");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String proof = new RecordOrigin(created).sign(TOPIC, "k", "t", "e", "1", VALUE);
    RecordKeys again = RecordKeys.loadOrCreate(file, "CHARTLINE_RECORD_KEY_FILE");
    assertThat(new RecordOrigin(again).verify(proof, TOPIC, "k", "t", "e", "1", VALUE)).isTrue();
    assertThatThrownBy(() -> new RecordKeySettings(null, null).load())
        .hasMessageContaining("CHARTLINE_RECORD_KEYS").hasMessageContaining("CHARTLINE_RECORD_KEY_FILE");
  }

  static KafkaConsumerRecord<String, byte[]> record(String... proofs) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("tenant-id", "tenant-a".getBytes(StandardCharsets.UTF_8));
    headers.add("event-type", "docs.chunks".getBytes(StandardCharsets.UTF_8));
    headers.add("schema-version", "1".getBytes(StandardCharsets.UTF_8));
    for (String p : proofs) {
      headers.add(RecordOrigin.HEADER, p.getBytes(StandardCharsets.US_ASCII));
    }
    return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(TOPIC, 0, 0L, 0L,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "doc-1", VALUE, headers,
        java.util.Optional.empty()));
  }
}
