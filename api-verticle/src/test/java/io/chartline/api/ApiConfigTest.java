package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Contradictory limits fail at startup with a message naming the setting. */
class ApiConfigTest {

  static ApiConfig with(RequestLimits limits, int maxQueryChars, Duration queryTimeout) {
    return new ApiConfig("127.0.0.1", 0, 1024, 4096, 50, 5, 100, maxQueryChars, queryTimeout,
        Set.of("text/plain"), limits, RateLimits.defaults());
  }

  static RequestLimits limits(int maxStringChars, Duration requestTimeout, Duration idleTimeout) {
    return new RequestLimits(16 * 1024, 64, 4096, 16, maxStringChars, 1000, requestTimeout, idleTimeout);
  }

  @Test
  void theRequestTimeoutMustOutlastTheQueryTimeout() {
    assertThatThrownBy(() -> with(limits(8192, Duration.ofSeconds(5), Duration.ofSeconds(60)), 2000,
        Duration.ofSeconds(10)))
        .hasMessageContaining("CHARTLINE_HTTP_REQUEST_TIMEOUT").hasMessageContaining("CHARTLINE_QUERY_TIMEOUT");
  }

  @Test
  void theIdleTimeoutMustOutlastTheRequestTimeout() {
    assertThatThrownBy(() -> limits(8192, Duration.ofSeconds(30), Duration.ofSeconds(30)))
        .hasMessageContaining("CHARTLINE_HTTP_IDLE_TIMEOUT");
  }

  @Test
  void jsonStringsMustFitTheLongestQuery() {
    assertThatThrownBy(() -> with(limits(100, Duration.ofSeconds(30), Duration.ofSeconds(60)), 2000,
        Duration.ofSeconds(10)))
        .hasMessageContaining("CHARTLINE_JSON_MAX_STRING_CHARS").hasMessageContaining("CHARTLINE_QUERY_MAX_CHARS");
  }

  @Test
  void outOfRangeLimitsNameTheirSetting() {
    assertThatThrownBy(() -> new RequestLimits(100, 64, 4096, 16, 8192, 10, Duration.ofSeconds(30),
        Duration.ofSeconds(60))).hasMessageContaining("CHARTLINE_HTTP_MAX_HEADER_BYTES");
    assertThatThrownBy(() -> new RequestLimits(16384, 64, 4096, 0, 8192, 10, Duration.ofSeconds(30),
        Duration.ofSeconds(60))).hasMessageContaining("CHARTLINE_JSON_MAX_DEPTH");
    assertThatThrownBy(() -> new RateLimits(-1, 10, 1, 1, 100)).hasMessageContaining("CHARTLINE_RATE_TENANT_RPS");
    assertThatThrownBy(() -> new RateLimits(1, 10, 1, 0, 100)).hasMessageContaining("CHARTLINE_RATE_USER_BURST");
  }
}
