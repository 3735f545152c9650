package io.chartline.api;

import io.chartline.common.query.QueryProtocol;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * HTTP API settings. Contradictory values fail here, naming the setting.
 *
 * @param maxUploadBytes request bodies above this get 413 PAYLOAD_TOO_LARGE
 * @param maxJsonBytes JSON request bodies above this get 413 PAYLOAD_TOO_LARGE
 * @param maxTopK largest {@code top_k} a search or query accepts
 * @param maxPageSize largest {@code limit} a listing accepts
 * @param maxQueryChars longest search query or question, in characters
 * @param queryTimeout how long the API waits for the query role
 * @param uploadContentTypes declared types accepted for documents; anything else gets 415
 * @param limits header, request line, JSON shape, listing and time bounds
 * @param rates per-tenant and per-user request rates
 * @param deadlines how long a client may take to send a request head and body
 * @param sources per-source-address limits on unauthenticated requests and their audit
 */
public record ApiConfig(String host, int port, long maxUploadBytes, int maxJsonBytes, int maxTopK, int defaultTopK,
    int maxPageSize, int maxQueryChars, Duration queryTimeout, Set<String> uploadContentTypes, RequestLimits limits,
    RateLimits rates, ClientDeadlines deadlines, SourceLimits sources) {

  public ApiConfig {
    Objects.requireNonNull(queryTimeout, "CHARTLINE_QUERY_TIMEOUT");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(rates, "rates");
    Objects.requireNonNull(deadlines, "deadlines");
    Objects.requireNonNull(sources, "sources");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_PORT out of range: " + port);
    }
    if (maxUploadBytes < 1 || maxUploadBytes > 1L << 31) {
      throw new IllegalArgumentException("CHARTLINE_UPLOAD_MAX_BYTES must be between 1 and 2 GiB");
    }
    RequestLimits.requireBetween("CHARTLINE_JSON_MAX_BYTES", maxJsonBytes, 1024, 16 << 20);
    if (maxTopK < 1 || maxTopK > QueryProtocol.MAX_TOP_K || defaultTopK < 1 || defaultTopK > maxTopK) {
      throw new IllegalArgumentException("CHARTLINE_SEARCH_MAX_TOP_K must be 1.." + QueryProtocol.MAX_TOP_K
          + " and at least the default top_k ("
          + defaultTopK + ")");
    }
    if (maxPageSize < 1 || maxPageSize > 1000) {
      throw new IllegalArgumentException("CHARTLINE_LIST_MAX_PAGE_SIZE must be between 1 and 1000");
    }
    RequestLimits.requireBetween("CHARTLINE_QUERY_MAX_CHARS", maxQueryChars, 1, QueryProtocol.MAX_TEXT_CHARS);
    if (limits.maxJsonStringChars() < maxQueryChars) {
      throw new IllegalArgumentException("CHARTLINE_JSON_MAX_STRING_CHARS (" + limits.maxJsonStringChars()
          + ") must be at least CHARTLINE_QUERY_MAX_CHARS (" + maxQueryChars + ")");
    }
    if (limits.requestTimeout().compareTo(queryTimeout) <= 0) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_REQUEST_TIMEOUT (" + limits.requestTimeout()
          + ") must be longer than CHARTLINE_QUERY_TIMEOUT (" + queryTimeout + ")");
    }
    if (deadlines.headerTimeout().compareTo(limits.idleTimeout()) >= 0
        || deadlines.keepAliveTimeout().compareTo(limits.idleTimeout()) > 0) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_HEADER_TIMEOUT (" + deadlines.headerTimeout()
          + ") must be shorter and CHARTLINE_HTTP_KEEP_ALIVE_TIMEOUT (" + deadlines.keepAliveTimeout()
          + ") no longer than CHARTLINE_HTTP_IDLE_TIMEOUT (" + limits.idleTimeout() + "), or they never apply");
    }
    uploadContentTypes = Set.copyOf(uploadContentTypes);
  }

  public static ApiConfig defaults(String host, int port) {
    long maxUploadBytes = 50L * 1024 * 1024;
    return new ApiConfig(host, port, maxUploadBytes, 64 * 1024, 50, 5, 100, 2000, Duration.ofSeconds(10),
        Set.of("application/pdf", "text/plain", "text/markdown", "text/x-markdown"), RequestLimits.defaults(),
        RateLimits.defaults(), ClientDeadlines.defaults(maxUploadBytes), SourceLimits.defaults());
  }
}
