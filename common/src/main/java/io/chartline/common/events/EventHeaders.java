package io.chartline.common.events;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
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

  /**
   * The one tenant rule for a consumed record: it carries exactly one {@value #TENANT_ID} header and
   * that header names the tenant its payload names. A payload that names no tenant (a system event)
   * carries no such header.
   *
   * @param payloadTenant the tenant the decoded payload names, or null when it names none
   * @throws ChartlineException {@code TENANT_MISMATCH} when the header is missing, repeated, present on a
   *     system event, or names another tenant
   */
  public static void requireTenant(List<KafkaHeader> headers, String payloadTenant) {
    String found = null;
    int count = 0;
    for (KafkaHeader h : headers) {
      if (h.key().equalsIgnoreCase(TENANT_ID)) {
        count++;
        found = h.value() == null ? null : new String(h.value().getBytes(), StandardCharsets.UTF_8);
      }
    }
    String problem = count > 1 ? "the record carries more than one tenant-id header"
        : payloadTenant == null ? (count == 0 ? null : "a record naming no tenant carries a tenant-id header")
        : count == 0 || found == null ? "the record carries no tenant-id header"
        : found.equals(payloadTenant) ? null : "tenant-id header does not match the payload";
    if (problem != null) {
      TenantId tenant = payloadTenant == null || !TenantId.isValid(payloadTenant) ? null : TenantId.of(payloadTenant);
      throw new ChartlineException(ErrorCode.TENANT_MISMATCH, tenant, problem, null);
    }
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
