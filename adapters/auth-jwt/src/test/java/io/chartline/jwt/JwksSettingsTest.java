package io.chartline.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where keys may be fetched from, and the bounds on how often. */
class JwksSettingsTest {

  static JwksSettings withUrl(String url, boolean allowHttp) {
    return new JwksSettings("https://idp.example.com", URI.create(url), Duration.ofMinutes(10), Duration.ofSeconds(30),
        Duration.ofSeconds(5), 65536, allowHttp);
  }

  @Test
  void acceptsHttpsAnywhereAndHttpOnlyOnLoopbackUnlessAllowed() {
    assertThat(withUrl("https://idp.example.com/jwks", false).jwksUri()).hasHost("idp.example.com");
    assertThat(withUrl("http://127.0.0.1:8080/jwks", false).jwksUri()).hasPort(8080);
    assertThat(withUrl("http://localhost/jwks", false).jwksUri()).hasHost("localhost");
    assertThat(withUrl("http://[::1]:9000/jwks", false).jwksUri()).hasPort(9000);
    assertThat(withUrl("http://keycloak.internal/jwks", true).jwksUri()).hasHost("keycloak.internal");
    assertThatThrownBy(() -> withUrl("http://keycloak.internal/jwks", false))
        .hasMessageContaining("CHARTLINE_AUTH_JWKS_URL").hasMessageContaining("CHARTLINE_AUTH_JWKS_ALLOW_HTTP");
    assertThatThrownBy(() -> withUrl("http://127.0.0.1.evil.example/jwks", false))
        .hasMessageContaining("must use https");
    assertThatThrownBy(() -> withUrl("file:///etc/jwks.json", true)).hasMessageContaining("absolute https URL");
    assertThatThrownBy(() -> withUrl("/jwks", true)).hasMessageContaining("absolute https URL");
  }

  @Test
  void discoveryUriDropsATrailingSlashAndFollowsTheSameRules() {
    assertThat(JwksSettings.defaults("https://tenant.auth0.com/", null).discoveryUri())
        .isEqualTo(URI.create("https://tenant.auth0.com/.well-known/openid-configuration"));
    assertThat(JwksSettings.defaults("https://login.microsoftonline.com/tid/v2.0", null).discoveryUri())
        .isEqualTo(URI.create("https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration"));
    assertThatThrownBy(() -> JwksSettings.defaults("http://idp.example.com", null).discoveryUri())
        .hasMessageContaining("CHARTLINE_AUTH_ISSUER");
    assertThatThrownBy(() -> JwksSettings.defaults("not a url", null).discoveryUri())
        .hasMessageContaining("CHARTLINE_AUTH_ISSUER");
  }

  @Test
  void refreshIntervalsAndTimeoutAreBounded() {
    assertThatThrownBy(() -> new JwksSettings("i", null, Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofSeconds(5), 65536, false)).hasMessageContaining("CHARTLINE_AUTH_JWKS_MIN_REFRESH");
    assertThatThrownBy(() -> new JwksSettings("i", null, Duration.ofMillis(10), Duration.ofMillis(10),
        Duration.ofSeconds(5), 65536, false)).hasMessageContaining("CHARTLINE_AUTH_JWKS_REFRESH");
    assertThatThrownBy(() -> new JwksSettings("i", null, Duration.ofMinutes(1), Duration.ofSeconds(1),
        Duration.ofMinutes(5), 65536, false)).hasMessageContaining("CHARTLINE_AUTH_JWKS_TIMEOUT");
    assertThat(JwksSettings.defaults("i", null).source()).contains("CHARTLINE_AUTH_ISSUER");
  }
}
