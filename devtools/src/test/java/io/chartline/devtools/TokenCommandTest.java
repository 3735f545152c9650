package io.chartline.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.launcher.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dev token command keeps within the token lifetime the API accepts. */
class TokenCommandTest {

  /** The dev token command refuses a lifetime the API would refuse, saying which variable sets the limit. */
  @Test
  void tokenCommandStaysWithinTheLifetimeTheApiAccepts() {
    Settings none = new Settings(Map.of());
    assertThat(TokenCommand.ttlSeconds("8h", none)).isEqualTo(8 * 3600);
    assertThat(TokenCommand.ttlSeconds("12h", none)).isEqualTo(12 * 3600);
    assertThatThrownBy(() -> TokenCommand.ttlSeconds("13h", none))
        .hasMessageContaining("12h").hasMessageContaining("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME");
    assertThatThrownBy(() -> TokenCommand.ttlSeconds("0s", none)).hasMessageContaining("--ttl");

    Settings longer = new Settings(Map.of("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME", "2d"));
    assertThat(TokenCommand.ttlSeconds("36h", longer)).isEqualTo(36 * 3600);
    Settings off = new Settings(Map.of("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME", "0s"));
    assertThat(TokenCommand.ttlSeconds("7d", off)).isEqualTo(7 * 24 * 3600);
    assertThatThrownBy(() -> TokenCommand.ttlSeconds("8d", off)).hasMessageContaining("168h");
  }
}
