package io.chartline.jwt;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how often to fetch an OIDC issuer's signing keys.
 *
 * @param issuer the expected {@code iss}; its discovery document names the JWKS when {@code jwksUri} is null
 * @param jwksUri the JWKS to fetch directly, or null to use OIDC discovery
 * @param refreshInterval how often the JWKS is fetched in the background (keys removed by the issuer
 *     stop verifying after the next refresh)
 * @param minRefreshInterval the shortest gap between fetches caused by tokens with an unknown {@code kid}
 * @param fetchTimeout bound on one whole HTTP exchange
 * @param maxDocumentBytes bound on a discovery or JWKS document
 * @param allowHttp accept plain {@code http} URLs for non-loopback hosts (loopback hosts are always allowed)
 */
public record JwksSettings(String issuer, URI jwksUri, Duration refreshInterval, Duration minRefreshInterval,
    Duration fetchTimeout, int maxDocumentBytes, boolean allowHttp) {

  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MIN_REFRESH = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_DOCUMENT_BYTES = 512 * 1024;

  public JwksSettings {
    Objects.requireNonNull(issuer, "CHARTLINE_AUTH_ISSUER");
    if (jwksUri != null) {
      checkUrl(jwksUri, allowHttp, "CHARTLINE_AUTH_JWKS_URL");
    }
    between(refreshInterval, Duration.ofSeconds(1), Duration.ofDays(1), "CHARTLINE_AUTH_JWKS_REFRESH");
    between(minRefreshInterval, Duration.ofSeconds(1), refreshInterval, "CHARTLINE_AUTH_JWKS_MIN_REFRESH");
    between(fetchTimeout, Duration.ofMillis(100), Duration.ofMinutes(1), "CHARTLINE_AUTH_JWKS_TIMEOUT");
    if (maxDocumentBytes < 1024) {
      throw new IllegalArgumentException("auth.jwks.maxDocumentBytes must be >= 1024");
    }
  }

  public static JwksSettings defaults(String issuer, URI jwksUri) {
    return new JwksSettings(issuer, jwksUri, DEFAULT_REFRESH, DEFAULT_MIN_REFRESH, DEFAULT_TIMEOUT,
        DEFAULT_MAX_DOCUMENT_BYTES, false);
  }

  /**
   * @return {@code <issuer>/.well-known/openid-configuration} (a trailing slash of the issuer removed first)
   * @throws IllegalArgumentException naming {@code CHARTLINE_AUTH_ISSUER} when the issuer is not a usable URL
   */
  public URI discoveryUri() {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URI uri;
    try {
      uri = URI.create(base + "/.well-known/openid-configuration");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("CHARTLINE_AUTH_ISSUER is not a URL; set CHARTLINE_AUTH_JWKS_URL or "
          + "CHARTLINE_AUTH_JWKS_FILE instead");
    }
    return checkUrl(uri, allowHttp, "CHARTLINE_AUTH_ISSUER (for OIDC discovery)");
  }

  /** @return the setting that names where keys come from, for startup messages. */
  public String source() {
    return jwksUri != null ? "CHARTLINE_AUTH_JWKS_URL" : "OIDC discovery from CHARTLINE_AUTH_ISSUER";
  }

  /**
   * Accepts absolute {@code https} URLs, and {@code http} ones for a loopback host or when
   * {@code allowHttp} is set: keys fetched in clear text could be replaced by anyone on the path.
   *
   * @return {@code uri}
   * @throws IllegalArgumentException naming {@code what}
   */
  public static URI checkUrl(URI uri, boolean allowHttp, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(what + " must be an absolute https URL, got '" + uri + "'");
    }
    if (scheme.equals("http") && !allowHttp && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(what + " must use https (plain http only for a loopback host or with "
          + "CHARTLINE_AUTH_JWKS_ALLOW_HTTP=true), got '" + uri + "'");
    }
    return uri;
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
  }

  private static void between(Duration d, Duration min, Duration max, String variable) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(variable + " must be between " + format(min) + " and " + format(max)
          + ", got " + (d == null ? "nothing" : format(d)));
    }
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
