package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Token lifetime and age limits: safe defaults and their variables (the dev token command keeps within them: TokenCommandTest). */
class TokenLifetimeSettingsTest {

  static AppConfig build(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(AppConfigTest.MINIMAL);
    env.putAll(overrides);
    return AppConfig.from(new Settings(env), Set.of(Role.API));
  }

  /** Without settings, tokens may live at most 12 h and are refused 24 h after they were issued. */
  @Test
  void defaultsBoundLifetimeAndAge() {
    AppConfig c = build(Map.of());

    assertThat(c.jwt().maxLifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(c.jwt().maxAge()).isEqualTo(Duration.ofHours(24));
    assertThat(c.jwt().requiresIssuedAt()).isTrue();
  }

  /** Both limits flow from their variables; 0 turns one off; bad values fail naming the variable. */
  @Test
  void limitsComeFromTheirVariables() {
    AppConfig c = build(Map.of("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME", "1h", "CHARTLINE_AUTH_MAX_TOKEN_AGE", "0s"));
    assertThat(c.jwt().maxLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(c.jwt().maxAge()).isZero();

    assertThatThrownBy(() -> build(Map.of("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME", "31d")))
        .hasMessageContaining("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME");
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_AUTH_MAX_TOKEN_AGE", "a day")))
        .hasMessageContaining("CHARTLINE_AUTH_MAX_TOKEN_AGE");
  }
}
