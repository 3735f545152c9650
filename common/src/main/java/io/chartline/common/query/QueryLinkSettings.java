package io.chartline.common.query;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The query link between api and query processes (ADR 0019): an internal HTTP API the query role
 * serves and the api role calls, each request signed with {@link LinkAuth}.
 *
 * @param backends where an api node without the query role finds query nodes
 *     ({@code CHARTLINE_QUERY_URLS}: {@code http(s)://host:port}, comma-separated; every address a
 *     host name resolves to is a node of its own); empty for none
 * @param port where a query node serves the link ({@code CHARTLINE_QUERY_PORT}; 0 any free port, -1 none)
 * @param keys the shared link keys, signing key first ({@code CHARTLINE_QUERY_LINK_KEYS}); empty
 *     when the node neither serves nor calls the link
 * @param discovery how often host names are resolved again ({@code CHARTLINE_QUERY_DISCOVERY_INTERVAL})
 * @param probe how often each query node's readiness is asked ({@code CHARTLINE_QUERY_PROBE_INTERVAL})
 * @param tlsCert the query node's certificate chain, PEM ({@code CHARTLINE_QUERY_TLS_CERT}); null for plain HTTP
 * @param tlsKey its private key, PEM ({@code CHARTLINE_QUERY_TLS_KEY})
 * @param tlsCa the CA bundle an api node trusts for {@code https} backends ({@code CHARTLINE_QUERY_TLS_CA};
 *     null for the JVM's trust store)
 */
public record QueryLinkSettings(List<URI> backends, int port, List<byte[]> keys, Duration discovery, Duration probe,
    Path tlsCert, Path tlsKey, Path tlsCa) {

  public QueryLinkSettings {
    backends = List.copyOf(backends);
    keys = List.copyOf(keys);
    for (URI b : backends) {
      String scheme = b.getScheme() == null ? "" : b.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || b.getHost() == null || b.getPort() < 1
          || (b.getPath() != null && !b.getPath().isEmpty() && !b.getPath().equals("/"))
          || b.getUserInfo() != null || b.getQuery() != null) {
        throw new IllegalArgumentException("CHARTLINE_QUERY_URLS: each entry must be http(s)://host:port, got '"
            + b + "'");
      }
    }
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_PORT must be between 0 and 65535");
    }
    if ((port >= 0 || !backends.isEmpty()) && keys.isEmpty()) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_LINK_KEYS is required with CHARTLINE_QUERY_PORT or "
          + "CHARTLINE_QUERY_URLS: every api and query node shares it (base64, at least " + LinkAuth.MIN_KEY_BYTES
          + " bytes)");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_TLS_CERT and CHARTLINE_QUERY_TLS_KEY go together");
    }
    if (discovery.toMillis() < 100 || probe.toMillis() < 100) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_DISCOVERY_INTERVAL and CHARTLINE_QUERY_PROBE_INTERVAL must be "
          + "at least 100ms");
    }
  }

  /** No link: the node's api and query roles, if any, talk within the process. */
  public static QueryLinkSettings none() {
    return new QueryLinkSettings(List.of(), -1, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(2), null, null,
        null);
  }

  /** @return whether this node serves the link */
  public boolean serves() {
    return port >= 0;
  }

  /** @return whether this node calls query nodes over the link */
  public boolean calls() {
    return !backends.isEmpty();
  }

  /** The link's paths. */
  public static final String QUERY_PATH = "/internal/v1/query";
  public static final String READY_PATH = "/internal/v1/ready";
}
