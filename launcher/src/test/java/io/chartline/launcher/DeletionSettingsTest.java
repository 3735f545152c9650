package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.api.admin.TenantDeletion;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tenant deletion settings: documented defaults, values flow through, bad values fail naming the variable. */
class DeletionSettingsTest {

  /** Without settings: 30 s per object batch, 3 attempts, a new round every minute. */
  @Test
  void defaultsAreTheDocumentedOnes() {
    TenantDeletion.Settings d = AppConfigTest.build(Map.of()).deletion();
    assertThat(d.objectTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.objectAttempts()).isEqualTo(3);
    assertThat(d.retryInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  /** Each setting reaches the typed record. */
  @Test
  void settingsFlowIntoTheRecord() {
    TenantDeletion.Settings d = AppConfigTest.build(Map.of("CHARTLINE_DELETION_OBJECT_TIMEOUT", "5s",
        "CHARTLINE_DELETION_OBJECT_ATTEMPTS", "5", "CHARTLINE_DELETION_RETRY", "10m")).deletion();
    assertThat(d).isEqualTo(new TenantDeletion.Settings(Duration.ofSeconds(5), 5, Duration.ofMinutes(10)));
  }

  /** Out-of-range or malformed values stop the process at startup, naming the variable. */
  @ParameterizedTest
  @CsvSource({"CHARTLINE_DELETION_OBJECT_TIMEOUT,0s", "CHARTLINE_DELETION_OBJECT_TIMEOUT,10m",
      "CHARTLINE_DELETION_OBJECT_TIMEOUT,soon", "CHARTLINE_DELETION_OBJECT_ATTEMPTS,0",
      "CHARTLINE_DELETION_OBJECT_ATTEMPTS,11", "CHARTLINE_DELETION_OBJECT_ATTEMPTS,many",
      "CHARTLINE_DELETION_RETRY,0s", "CHARTLINE_DELETION_RETRY,25h"})
  void badValuesFailNamingTheVariable(String variable, String value) {
    assertThatThrownBy(() -> AppConfigTest.build(variable, value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(variable);
  }
}
