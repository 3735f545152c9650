package io.chartline.api;

import java.time.Duration;
import java.util.Set;

/**
 * HTTP API settings.
 *
 * @param maxUploadBytes request bodies above this get 413 PAYLOAD_TOO_LARGE
 * @param uploadContentTypes declared types accepted for documents; anything else gets 415
 */
public record ApiConfig(String host, int port, long maxUploadBytes, int maxJsonBytes, int maxTopK, int defaultTopK,
    int maxPageSize, int maxQueryChars, Duration queryTimeout, Set<String> uploadContentTypes) {

  public ApiConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_PORT out of range: " + port);
    }
    if (maxUploadBytes < 1 || maxUploadBytes > 1L << 31) {
      throw new IllegalArgumentException("CHARTLINE_UPLOAD_MAX_BYTES must be between 1 and 2 GiB");
    }
    if (maxTopK < 1 || maxTopK > 200 || defaultTopK < 1 || defaultTopK > maxTopK) {
      throw new IllegalArgumentException("api.maxTopK must be 1..200 and api.defaultTopK 1..maxTopK");
    }
    if (maxPageSize < 1 || maxPageSize > 1000) {
      throw new IllegalArgumentException("api.maxPageSize must be between 1 and 1000");
    }
    uploadContentTypes = Set.copyOf(uploadContentTypes);
  }

  public static ApiConfig defaults(String host, int port) {
    return new ApiConfig(host, port, 50L * 1024 * 1024, 64 * 1024, 50, 5, 100, 2000, Duration.ofSeconds(10),
        Set.of("application/pdf", "text/plain", "text/markdown", "text/x-markdown"));
  }
}
