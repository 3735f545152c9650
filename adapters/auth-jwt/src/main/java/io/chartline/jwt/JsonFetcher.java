package io.chartline.jwt;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/** Fetches a JSON object document (OIDC discovery, JWKS). */
@FunctionalInterface
interface JsonFetcher {

  /** @return the document; fails on a transport error, a non-200 answer, an oversized or non-object body. */
  Future<JsonObject> get(URI uri);
}
