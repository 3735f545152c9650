package io.chartline.jwt;

import io.vertx.core.Future;
import java.net.URI;

/**
 * Finds an issuer's JWKS through OpenID Connect Discovery: reads
 * {@code <issuer>/.well-known/openid-configuration}, checks that the document names the same
 * issuer (OIDC Discovery 4.3, so a look-alike document cannot redirect key lookups), and returns
 * its {@code jwks_uri} under the same URL rules as a configured one.
 */
final class OidcDiscovery {

  private OidcDiscovery() {
  }

  /** @return the JWKS URI; fails with a message naming {@code CHARTLINE_AUTH_ISSUER} when discovery does not work. */
  static Future<URI> jwksUri(JsonFetcher fetcher, JwksSettings settings) {
    URI document;
    try {
      document = settings.discoveryUri();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new IllegalStateException(e.getMessage()));
    }
    return fetcher.get(document)
        .recover(t -> Future.failedFuture(new IllegalStateException("cannot read the OIDC discovery document "
            + document + " (from CHARTLINE_AUTH_ISSUER): " + t.getMessage())))
        .compose(doc -> {
          if (!settings.issuer().equals(doc.getValue("issuer"))) {
            return Future.failedFuture(new IllegalStateException("the OIDC discovery document " + document
                + " names another issuer than CHARTLINE_AUTH_ISSUER"));
          }
          if (!(doc.getValue("jwks_uri") instanceof String jwks)) {
            return Future.failedFuture(new IllegalStateException("the OIDC discovery document " + document
                + " has no jwks_uri; set CHARTLINE_AUTH_JWKS_URL"));
          }
          try {
            return Future.succeededFuture(JwksSettings.checkUrl(URI.create(jwks), settings.allowHttp(),
                "jwks_uri of " + document));
          } catch (IllegalArgumentException e) {
            return Future.failedFuture(new IllegalStateException(e.getMessage()));
          }
        });
  }
}
