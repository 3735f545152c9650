package io.chartline.common.events;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one tenant rule every consumer applies to the records it reads. */
class EventHeadersTest {

  private static KafkaHeader tenant(String value) {
    return KafkaHeader.header(EventHeaders.TENANT_ID, value);
  }

  private static void refused(List<KafkaHeader> headers, String payloadTenant, String message) {
    assertThatThrownBy(() -> EventHeaders.requireTenant(headers, payloadTenant))
        .isInstanceOf(ChartlineException.class).hasMessageContaining(message)
        .extracting(e -> ((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_MISMATCH);
  }

  @Test
  void oneHeaderNamingThePayloadsTenantPasses() {
    assertThatCode(() -> EventHeaders.requireTenant(List.of(tenant("clinic-a"),
        KafkaHeader.header(EventHeaders.EVENT_TYPE, "docs.chunks.v1")), "clinic-a")).doesNotThrowAnyException();
    assertThatCode(() -> EventHeaders.requireTenant(List.of(KafkaHeader.header("Tenant-ID", "clinic-a")), "clinic-a"))
        .as("header names are case-insensitive, as everywhere").doesNotThrowAnyException();
  }

  @Test
  void aSystemEventCarriesNoTenantHeader() {
    assertThatCode(() -> EventHeaders.requireTenant(List.of(), null)).doesNotThrowAnyException();
    refused(List.of(tenant("clinic-a")), null, "naming no tenant");
  }

  @Test
  void aMissingHeaderIsRefusedWhereThePayloadNamesATenant() {
    refused(List.of(), "clinic-a", "no tenant-id header");
    refused(List.of(KafkaHeader.header(EventHeaders.TENANT_ID, (io.vertx.core.buffer.Buffer) null)), "clinic-a", "no tenant-id header");
  }

  @Test
  void anotherTenantIsRefused() {
    refused(List.of(tenant("clinic-b")), "clinic-a", "does not match");
  }

  @Test
  void aRepeatedHeaderIsRefusedEvenWhenOneMatches() {
    refused(List.of(tenant("clinic-b"), tenant("clinic-a")), "clinic-a", "more than one");
    refused(List.of(tenant("clinic-a"), tenant("clinic-a")), "clinic-a", "more than one");
  }
}
