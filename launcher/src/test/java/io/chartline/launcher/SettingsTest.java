package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Typed getters over raw CHARTLINE_* values: defaults for blanks, parsed values, errors naming the variable. */
class SettingsTest {

  static Settings of(String key, String value) {
    return new Settings(Map.of(key, value));
  }

  /** Durations in ms, s, m, h and d parse to the matching java.time.Duration. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "8h, PT8H", "1d, PT24H", "0s, PT0S", "1500ms, PT1.5S",
      "' 45s ', PT45S"})
  void parsesDurations(String raw, String iso) {
    assertThat(of("CHARTLINE_X_TIMEOUT", raw).duration("CHARTLINE_X_TIMEOUT", Duration.ofDays(99)))
        .isEqualTo(Duration.parse(iso));
  }

  /** A missing or blank duration falls back to the default. */
  @Test
  void missingOrBlankDurationsUseTheDefault() {
    assertThat(new Settings(Map.of()).duration("CHARTLINE_X_TIMEOUT", Duration.ofSeconds(7)))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(of("CHARTLINE_X_TIMEOUT", "   ").duration("CHARTLINE_X_TIMEOUT", Duration.ofSeconds(7)))
        .isEqualTo(Duration.ofSeconds(7));
  }

  /** Malformed durations fail with a message naming the variable and the bad value. */
  @ParameterizedTest
  @ValueSource(strings = {"30", "5x", "s", "ms", "1.5s", "5 m", "5S", "ten seconds", "PT5S", "5mm", "1w"})
  void badDurationsFailNamingTheVariable(String raw) {
    Settings s = of("CHARTLINE_QUERY_TIMEOUT", raw);
    assertThatThrownBy(() -> s.duration("CHARTLINE_QUERY_TIMEOUT", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CHARTLINE_QUERY_TIMEOUT")
        .hasMessageContaining("'" + raw.trim() + "'");
  }

  /** Integers and longs parse (trimmed); bad ones fail naming the variable. */
  @Test
  void integersParseOrFailNamingTheVariable() {
    assertThat(of("CHARTLINE_N", " 42 ").integer("CHARTLINE_N", 1)).isEqualTo(42);
    assertThat(of("CHARTLINE_N", "-3").integer("CHARTLINE_N", 1)).isEqualTo(-3);
    assertThat(new Settings(Map.of()).integer("CHARTLINE_N", 1)).isEqualTo(1);
    assertThat(of("CHARTLINE_L", "8589934592").longValue("CHARTLINE_L", 1)).isEqualTo(8_589_934_592L);

    for (String bad : new String[] {"abc", "4.5", "2147483648", "0x10", "1_000"}) {
      assertThatThrownBy(() -> of("CHARTLINE_N", bad).integer("CHARTLINE_N", 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_N").hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> of("CHARTLINE_L", "9223372036854775808").longValue("CHARTLINE_L", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_L");
  }

  /** Booleans accept true/false in any case; anything else fails naming the variable. */
  @Test
  void booleansAcceptOnlyTrueOrFalse() {
    assertThat(of("CHARTLINE_B", "TRUE").bool("CHARTLINE_B", false)).isTrue();
    assertThat(of("CHARTLINE_B", "false").bool("CHARTLINE_B", true)).isFalse();
    assertThat(new Settings(Map.of()).bool("CHARTLINE_B", true)).isTrue();
    for (String bad : new String[] {"yes", "1", "on", "no"}) {
      assertThatThrownBy(() -> of("CHARTLINE_B", bad).bool("CHARTLINE_B", false))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_B");
    }
  }

  /** Strings are trimmed, blanks mean unset, and a required unset value fails naming the variable. */
  @Test
  void stringsAndRequiredValues() {
    assertThat(of("CHARTLINE_S", "  value ").str("CHARTLINE_S", "d")).isEqualTo("value");
    assertThat(of("CHARTLINE_S", "").str("CHARTLINE_S", "d")).isEqualTo("d");
    assertThat(of("CHARTLINE_S", "x").required("CHARTLINE_S")).isEqualTo("x");
    assertThatThrownBy(() -> of("CHARTLINE_S", "  ").required("CHARTLINE_S"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_S");
    assertThatThrownBy(() -> new Settings(Map.of()).required("CHARTLINE_AUTH_ISSUER"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_AUTH_ISSUER");
  }

  /** with() returns a new Settings and leaves the original untouched; explicit values beat withDefaults. */
  @Test
  void withAndWithDefaultsDoNotMutateAndExplicitValuesWin() {
    Settings base = of("CHARTLINE_A", "1");

    Settings changed = base.with("CHARTLINE_A", "2").with("CHARTLINE_B", "3");
    Settings defaulted = base.withDefaults(Map.of("CHARTLINE_A", "9", "CHARTLINE_C", "4"));

    assertThat(base.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("CHARTLINE_A", "1"));
    assertThat(changed.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("CHARTLINE_A", "2", "CHARTLINE_B", "3"));
    assertThat(defaulted.asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("CHARTLINE_A", "1", "CHARTLINE_C", "4"));
  }
}
