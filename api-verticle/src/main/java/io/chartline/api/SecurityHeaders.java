package io.chartline.api;

import io.vertx.core.http.HttpServerResponse;

/**
 * Response headers every API answer carries, errors included: HSTS (the API is served over TLS in
 * production; browsers ignore the header on plain HTTP), no MIME sniffing, no framing, no referrer,
 * a content security policy that allows nothing (the API serves JSON, never pages), and no caching
 * anywhere (responses carry PHI).
 */
final class SecurityHeaders {

  static final String HSTS = "max-age=31536000; includeSubDomains";
  static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private SecurityHeaders() {
  }

  static HttpServerResponse apply(HttpServerResponse r) {
    return r.putHeader("Strict-Transport-Security", HSTS)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("Cross-Origin-Resource-Policy", "same-origin")
        .putHeader("Cache-Control", "no-store");
  }
}
