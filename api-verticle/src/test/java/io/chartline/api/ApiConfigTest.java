package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Contradictory limits fail at startup with a message naming the setting. */
class ApiConfigTest {

  static ApiConfig with(RequestLimits limits, int maxQueryChars, Duration queryTimeout) {
    return with(limits, maxQueryChars, queryTimeout, ClientDeadlines.defaults(1024));
  }

  static ApiConfig with(RequestLimits limits, int maxQueryChars, Duration queryTimeout, ClientDeadlines deadlines) {
    return new ApiConfig("127.0.0.1", 0, 1024, 4096, 50, 5, 100, maxQueryChars, queryTimeout,
        Set.of("text/plain"), limits, RateLimits.defaults(), deadlines, SourceLimits.defaults());
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

  /** Slow clients are cut off by default: head 10 s, keep-alive 15 s, 4 KiB/s after 10 s, 50 MiB in 410 s. */
  @Test
  void slowClientDeadlinesHaveSafeDefaults() {
    ClientDeadlines d = ApiConfig.defaults("127.0.0.1", 0).deadlines();
    assertThat(d.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(d.bodyGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.bodyMinBytesPerSecond()).isEqualTo(4096);
    assertThat(d.bodyTimeout()).isEqualTo(Duration.ofSeconds(410));
    assertThat(ClientDeadlines.bodyTimeoutFor(1, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(11));
    assertThat(ApiConfig.defaults("127.0.0.1", 0).deadlines().headerTimeout())
        .isLessThan(RequestLimits.defaults().idleTimeout());
  }

  /** Unauthenticated requests are limited per source by default, with aggregated audit and no trusted proxy. */
  @Test
  void sourceLimitsHaveSafeDefaults() {
    SourceLimits s = ApiConfig.defaults("127.0.0.1", 0).sources();
    assertThat(s.limited()).isTrue();
    assertThat(s.perSecond()).isEqualTo(10);
    assertThat(s.burst()).isEqualTo(100);
    assertThat(s.auditWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.trustedProxies()).isEmpty();
  }

  @Test
  void contradictoryClientDeadlinesNameTheirSetting() {
    assertThatThrownBy(() -> new ClientDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(10),
        4096, Duration.ofSeconds(10))).hasMessageContaining("CHARTLINE_HTTP_BODY_TIMEOUT")
        .hasMessageContaining("CHARTLINE_HTTP_BODY_GRACE");
    assertThatThrownBy(() -> new ClientDeadlines(Duration.ofMillis(10), Duration.ofSeconds(15), Duration.ofSeconds(10),
        4096, Duration.ofSeconds(60))).hasMessageContaining("CHARTLINE_HTTP_HEADER_TIMEOUT");
    assertThatThrownBy(() -> new ClientDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(10),
        -1, Duration.ofSeconds(60))).hasMessageContaining("CHARTLINE_HTTP_BODY_MIN_RATE");
    ClientDeadlines longKeepAlive = new ClientDeadlines(Duration.ofSeconds(10), Duration.ofSeconds(90),
        Duration.ofSeconds(10), 4096, Duration.ofSeconds(60));
    assertThatThrownBy(() -> with(limits(8192, Duration.ofSeconds(30), Duration.ofSeconds(60)), 2000,
        Duration.ofSeconds(10), longKeepAlive)).hasMessageContaining("CHARTLINE_HTTP_KEEP_ALIVE_TIMEOUT")
        .hasMessageContaining("CHARTLINE_HTTP_IDLE_TIMEOUT");
  }

  @Test
  void badSourceLimitsNameTheirSetting() {
    assertThatThrownBy(() -> new SourceLimits(-1, 10, 100, Duration.ofSeconds(60), List.of()))
        .hasMessageContaining("CHARTLINE_RATE_UNAUTHENTICATED_RPS");
    assertThatThrownBy(() -> new SourceLimits(1, 0, 100, Duration.ofSeconds(60), List.of()))
        .hasMessageContaining("CHARTLINE_RATE_UNAUTHENTICATED_BURST");
    assertThatThrownBy(() -> new SourceLimits(1, 10, 100, Duration.ofMillis(1), List.of()))
        .hasMessageContaining("CHARTLINE_AUDIT_AUTH_FAILURE_WINDOW");
    assertThatThrownBy(() -> new SourceLimits(1, 10, 100, Duration.ofSeconds(60), List.of("proxy.internal")))
        .hasMessageContaining("CHARTLINE_HTTP_TRUSTED_PROXIES");
    assertThatThrownBy(() -> new SourceLimits(1, 10, 100, Duration.ofSeconds(60), List.of("10.0.0.0/33")))
        .hasMessageContaining("CHARTLINE_HTTP_TRUSTED_PROXIES");
  }
}
