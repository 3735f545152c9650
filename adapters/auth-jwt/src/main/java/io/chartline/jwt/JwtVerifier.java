package io.chartline.jwt;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.Principal;
import io.chartline.common.auth.Refusal;
import io.chartline.common.auth.TokenVerifier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Verifies compact JWS bearer tokens (access tokens) against a {@link KeySource}. There is no
 * unsecure mode: a token is accepted only with a valid asymmetric signature from a known key, an
 * allowed algorithm, an access-token {@code typ}, no {@code crit} extension, matching issuer and
 * audience, a present and unexpired {@code exp}, a lifetime and age within the policy's maximums,
 * no ID-token markers and a well-formed tenant claim.
 * Header parameters that point elsewhere for keys ({@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c}) are ignored: keys are found only by {@code kid} in the key source.
 */
public final class JwtVerifier implements TokenVerifier {

  private final KeySource keys;
  private final JwtPolicy policy;
  private final ClaimsCheck claims;

  public JwtVerifier(KeySource keys, JwtPolicy policy, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.claims = new ClaimsCheck(policy, clock);
  }

  /** A verifier over keys that are read on each call and never refreshed (dev keys, tests). */
  public JwtVerifier(Supplier<KeySet> keys, JwtPolicy policy, Clock clock) {
    this(KeySource.of(keys), policy, clock);
  }

  /**
   * Verifies with the keys at hand, never fetching: synchronous, one signature check, safe on an
   * event loop. A token signed by a key not yet known is refused with {@code UNKNOWN_KEY}.
   *
   * @return the verified principal
   * @throws AuthException with a stable reason when anything about the token is wrong
   */
  public Principal verify(String token) {
    CompactJws jws = parse(token);
    return verifyWith(jws, keys.current());
  }

  /**
   * Verifies like {@link #verify}, but a token whose {@code kid} is unknown first waits for the key
   * source's rate-limited refresh (new keys after an issuer's rotation) and then fails
   * {@code UNKNOWN_KEY} if the key is still missing. Known keys answer at once.
   *
   * @return a future with the principal, or failed with an {@link AuthException}; completes on the
   *     caller's Vert.x context when there is one
   */
  @Override
  public Future<Principal> verifyAsync(String token) {
    CompactJws jws;
    KeySet now = keys.current();
    try {
      jws = parse(token);
      String kid = jws.headerString("kid");
      if (now.find(kid).isPresent() || kid == null) {
        return Future.succeededFuture(verifyWith(jws, now));
      }
    } catch (AuthException e) {
      return Future.failedFuture(e);
    }
    return onCallerContext(keys.refreshFor(jws.headerString("kid")).map(fresh -> verifyWith(jws, fresh)));
  }

  private CompactJws parse(String token) {
    CompactJws jws = CompactJws.parse(token, policy.maxTokenBytes());
    String alg = jws.headerString("alg");
    if (alg == null || !policy.algorithms().contains(alg)) {
      throw new AuthException(Refusal.ALG_NOT_ALLOWED);
    }
    Object typ = jws.header().getValue("typ");
    if (typ != null && !(typ instanceof String t && policy.acceptsType(t))) {
      throw new AuthException(Refusal.TOKEN_TYPE_NOT_ALLOWED);
    }
    if (jws.header().containsKey("crit")) {
      throw new AuthException(Refusal.CRIT_UNSUPPORTED);
    }
    return jws;
  }

  private Principal verifyWith(CompactJws jws, KeySet keySet) {
    String kid = jws.headerString("kid");
    String alg = jws.headerString("alg");
    PublicKey key = keySet.find(kid).orElseThrow(() -> new AuthException(Refusal.UNKNOWN_KEY));
    if (keySet.algorithm(kid).filter(bound -> !bound.equals(alg)).isPresent()) {
      throw new AuthException(Refusal.ALG_KEY_MISMATCH);
    }
    if (!Signatures.verify(alg, key, jws.signingInput(), jws.signature())) {
      throw new AuthException(Refusal.BAD_SIGNATURE);
    }
    return claims.principal(jws.claims());
  }

  /** Key refreshes complete on the fetching context; the caller continues on its own. */
  private static <T> Future<T> onCallerContext(Future<T> future) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> caller.runOnContext(v -> promise.handle(ar)));
    return promise.future();
  }
}
