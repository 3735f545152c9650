package io.chartline.common.kafka;

import io.chartline.common.events.EventHeaders;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Proof of origin for Chartline's Kafka records: an HMAC-SHA256, under the deployment's
 * {@link RecordKeys}, over the topic, the key, the {@code tenant-id}, {@code event-type} and
 * {@code schema-version} headers and the value, carried in the {@code chartline-origin} header as
 * {@code v1.<key id>.<base64url MAC>}. A record written by anyone with only broker access (no key)
 * fails verification, as does a genuine record whose value, key, tenant or type was changed or
 * which was copied to another topic. Thread-safe.
 */
public final class RecordOrigin {

  /** The header carrying the proof. */
  public static final String HEADER = "chartline-origin";
  private static final String VERSION = "v1";
  private static final byte[] DOMAIN = "chartline-record-v1".getBytes(StandardCharsets.US_ASCII);

  private final RecordKeys keys;

  public RecordOrigin(RecordKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** Adds the proof to {@code record}, whose standard headers must already be set. */
  public void stamp(KafkaProducerRecord<String, byte[]> record) {
    List<KafkaHeader> h = record.headers();
    record.addHeader(HEADER, sign(record.topic(), record.key(), EventHeaders.get(h, EventHeaders.TENANT_ID).orElse(null),
        EventHeaders.get(h, EventHeaders.EVENT_TYPE).orElse(null),
        EventHeaders.get(h, EventHeaders.SCHEMA_VERSION).orElse(null), record.value()));
  }

  /** @return whether {@code record} carries exactly one proof, and it is valid under a key of the ring. */
  public boolean verify(KafkaConsumerRecord<String, byte[]> record) {
    List<KafkaHeader> h = record.headers();
    String proof = null;
    for (KafkaHeader header : h) {
      if (header.key().equalsIgnoreCase(HEADER)) {
        if (proof != null || header.value() == null) {
          return false;
        }
        proof = header.value().toString(StandardCharsets.US_ASCII);
      }
    }
    return proof != null && verify(proof, record.topic(), record.key(),
        EventHeaders.get(h, EventHeaders.TENANT_ID).orElse(null), EventHeaders.get(h, EventHeaders.EVENT_TYPE).orElse(null),
        EventHeaders.get(h, EventHeaders.SCHEMA_VERSION).orElse(null), record.value());
  }

  /** @return the header value proving a record of these parts (null parts are absent ones). */
  public String sign(String topic, String key, String tenant, String eventType, String schemaVersion, byte[] value) {
    byte[] mac = mac(keys.active(), topic, key, tenant, eventType, schemaVersion, value);
    return VERSION + "." + keys.activeId() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  /** @return whether {@code proof} is a valid header value for a record of these parts. */
  public boolean verify(String proof, String topic, String key, String tenant, String eventType, String schemaVersion,
      byte[] value) {
    String[] parts = proof.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      return false;
    }
    SecretKey k = keys.byId(parts[1]);
    if (k == null) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, mac(k, topic, key, tenant, eventType, schemaVersion, value));
  }

  private static byte[] mac(SecretKey key, String topic, String recordKey, String tenant, String eventType,
      String schemaVersion, byte[] value) {
    try {
      Mac mac = Mac.getInstance(RecordKeys.ALGORITHM);
      mac.init(key);
      mac.update(DOMAIN);
      for (String part : new String[] {topic, recordKey, tenant, eventType, schemaVersion}) {
        field(mac, part == null ? null : part.getBytes(StandardCharsets.UTF_8));
      }
      field(mac, value);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** Length-prefixed, so no two different records encode alike; -1 marks an absent part. */
  private static void field(Mac mac, byte[] bytes) {
    mac.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
    if (bytes != null) {
      mac.update(bytes);
    }
  }
}
