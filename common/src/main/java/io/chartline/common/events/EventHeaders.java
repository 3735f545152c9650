package io.chartline.common.events;

import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The one owner of Kafka header names and their parsing. */
public final class EventHeaders {

  public static final String TENANT_ID = "tenant-id";
  public static final String EVENT_TYPE = "event-type";
  public static final String SCHEMA_VERSION = "schema-version";
  public static final String CONTENT_TYPE = "content-type";
  public static final String TRACEPARENT = "traceparent";
  public static final String JSON = "application/json";

  private EventHeaders() {
  }

  /** Adds the standard headers every Chartline record carries. */
  public static <K, V> KafkaProducerRecord<K, V> stamp(KafkaProducerRecord<K, V> record, String tenantId,
      String eventType, int schemaVersion, String traceparent) {
    if (tenantId != null) {
      record.addHeader(TENANT_ID, tenantId);
    }
    record.addHeader(EVENT_TYPE, eventType);
    record.addHeader(SCHEMA_VERSION, Integer.toString(schemaVersion));
    record.addHeader(CONTENT_TYPE, JSON);
    if (traceparent != null) {
      record.addHeader(TRACEPARENT, traceparent);
    }
    return record;
  }

  /** @return the last value of header {@code name}, decoded as UTF-8. */
  public static Optional<String> get(List<KafkaHeader> headers, String name) {
    String found = null;
    for (KafkaHeader h : headers) {
      if (h.key().equalsIgnoreCase(name) && h.value() != null) {
        found = new String(h.value().getBytes(), StandardCharsets.UTF_8);
      }
    }
    return Optional.ofNullable(found);
  }
}
