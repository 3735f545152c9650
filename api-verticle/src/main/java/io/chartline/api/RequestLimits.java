package io.chartline.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on what one request may cost the API before any route runs, and on how long it may take.
 *
 * @param maxHeaderBytes total size of the request headers; larger gets 431 HEADERS_TOO_LARGE
 * @param maxHeaderCount number of header lines; more gets 431 HEADERS_TOO_LARGE
 * @param maxRequestLineBytes length of the request line (method, path, query); longer gets 414 URI_TOO_LONG
 * @param maxJsonDepth nesting of objects and arrays in a JSON body; deeper gets 400 JSON_LIMIT_EXCEEDED
 * @param maxJsonStringChars length of any JSON string or field name; longer gets 400 JSON_LIMIT_EXCEEDED
 * @param maxListOffset largest {@code offset} a listing accepts (deep offsets read every skipped row)
 * @param requestTimeout a route that has not answered by then gets 504 TIMEOUT
 * @param idleTimeout a connection that neither sends nor receives for this long is closed
 */
public record RequestLimits(int maxHeaderBytes, int maxHeaderCount, int maxRequestLineBytes, int maxJsonDepth,
    int maxJsonStringChars, int maxListOffset, Duration requestTimeout, Duration idleTimeout) {

  public RequestLimits {
    Objects.requireNonNull(requestTimeout, "CHARTLINE_HTTP_REQUEST_TIMEOUT");
    Objects.requireNonNull(idleTimeout, "CHARTLINE_HTTP_IDLE_TIMEOUT");
    requireBetween("CHARTLINE_HTTP_MAX_HEADER_BYTES", maxHeaderBytes, 1024, 1 << 20);
    requireBetween("CHARTLINE_HTTP_MAX_HEADERS", maxHeaderCount, 8, 1000);
    requireBetween("CHARTLINE_HTTP_MAX_REQUEST_LINE_BYTES", maxRequestLineBytes, 256, 1 << 16);
    requireBetween("CHARTLINE_JSON_MAX_DEPTH", maxJsonDepth, 1, 256);
    requireBetween("CHARTLINE_JSON_MAX_STRING_CHARS", maxJsonStringChars, 16, 1 << 24);
    requireBetween("CHARTLINE_LIST_MAX_OFFSET", maxListOffset, 0, Integer.MAX_VALUE - 1000);
    if (requestTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_REQUEST_TIMEOUT must be at least 100ms");
    }
    if (idleTimeout.compareTo(requestTimeout) <= 0) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_IDLE_TIMEOUT (" + idleTimeout
          + ") must be longer than CHARTLINE_HTTP_REQUEST_TIMEOUT (" + requestTimeout
          + "), or connections close before a timed-out request is answered");
    }
  }

  /** 16 KiB / 64 headers / 4 KiB request line, JSON depth 16 and strings of 8192 chars, 30 s per request. */
  public static RequestLimits defaults() {
    return new RequestLimits(16 * 1024, 64, 4096, 16, 8192, 1_000_000, Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  static void requireBetween(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
