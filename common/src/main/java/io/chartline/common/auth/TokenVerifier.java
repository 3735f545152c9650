package io.chartline.common.auth;

import io.vertx.core.Future;

/**
 * Turns a bearer token into the principal it proves, or refuses it. The API authenticates every
 * request through this port; the JWT adapter implements it against the issuer's keys.
 */
public interface TokenVerifier {

  /**
   * @return the verified principal, or a failed future: {@link AuthException} with the refusal's
   *     reason for a token that does not verify, any other exception for a verifier that could
   *     not decide (keys unreachable)
   */
  Future<Principal> verifyAsync(String token);
}
