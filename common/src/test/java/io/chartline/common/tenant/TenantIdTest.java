package io.chartline.common.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tenant ids are {@code [a-z0-9][a-z0-9_-]{0,62}}: safe as a Kafka key, an S3 key segment and a DB setting. */
class TenantIdTest {

  /** Well-formed ids are accepted and keep their value as given. */
  @ParameterizedTest
  @ValueSource(strings = {"a", "7", "demo-clinic", "demo_clinic", "clinic-2024_eu", "0-0", "a-", "a_",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"})
  void acceptsWellFormedIds(String value) {
    assertThat(TenantId.isValid(value)).isTrue();
    TenantId id = TenantId.of(value);
    assertThat(id.value()).isEqualTo(value);
    assertThat(id.toString()).isEqualTo(value);
  }

  /** The longest accepted id has 63 characters; 64 is rejected. */
  @Test
  void acceptsSixtyThreeCharactersAndRejectsSixtyFour() {
    assertThat(TenantId.isValid("a".repeat(63))).isTrue();
    assertThat(TenantId.isValid("a".repeat(64))).isFalse();
    assertThatThrownBy(() -> TenantId.of("a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
  }

  /** Malformed ids (empty, upper case, leading dash or underscore, wildcards, unicode, quotes, separators) are rejected. */
  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Demo", "DEMO", "demo-Clinic", "-demo", "_demo", "*", "demo*", "%", "ü",
      "clínica", "demo\u0130", "ｄｅｍｏ", "demo'", "demo' OR '1'='1", "demo;drop", "demo\"", "demo clinic", " demo",
      "demo ", "demo\n", "demo/x", "..", "demo.x", "demo:x", "demo\u0000"})
  void rejectsMalformedIds(String value) {
    assertThat(TenantId.isValid(value)).isFalse();
    assertThatThrownBy(() -> TenantId.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant id");
  }

  /** Null is invalid: isValid says false and the constructor refuses it. */
  @Test
  void rejectsNull() {
    assertThat(TenantId.isValid(null)).isFalse();
    assertThatThrownBy(() -> TenantId.of(null)).isInstanceOf(NullPointerException.class);
  }

  /** Two ids with the same value are equal (record semantics, usable as map keys). */
  @Test
  void equalValuesAreEqualIds() {
    assertThat(TenantId.of("demo")).isEqualTo(TenantId.of("demo")).hasSameHashCodeAs(TenantId.of("demo"));
    assertThat(TenantId.of("demo")).isNotEqualTo(TenantId.of("demo2"));
  }
}
