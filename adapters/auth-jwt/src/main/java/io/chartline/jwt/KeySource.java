package io.chartline.jwt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where token verification keys come from: a fixed set (dev keys, a JWKS file) or an OIDC
 * issuer's JWKS that is cached and refreshed ({@link JwksKeySource}). Safe to call from any thread.
 */
public interface KeySource {

  /** @return the keys to verify with now; cheap, never blocks. */
  KeySet current();

  /**
   * Asks for fresher keys because a token named {@code kid} and it is not in {@link #current()}.
   * Implementations rate-limit this: a flood of made-up {@code kid}s causes at most one fetch per
   * interval, and concurrent callers share one fetch.
   *
   * @return a future that always succeeds, with the key set to use (possibly unchanged)
   */
  Future<KeySet> refreshFor(String kid);

  /** @return whether the keys at hand hold at least one usable verification key */
  default boolean hasKeys() {
    return !current().isEmpty();
  }

  /** Stops background refreshes; a no-op for fixed key sets. */
  default void close() {
  }

  /** @return a source that always answers {@code keys} and never refreshes. */
  static KeySource fixed(KeySet keys) {
    Objects.requireNonNull(keys, "keys");
    return of(() -> keys);
  }

  /** @return a source with no key: every token is refused (a node that does not serve the API). */
  static KeySource none() {
    return fixed(KeySet.of(java.util.Map.of()));
  }

  /** @return a source reading {@code keys} on every call and never fetching. */
  static KeySource of(Supplier<KeySet> keys) {
    Objects.requireNonNull(keys, "keys");
    return new KeySource() {
      @Override
      public KeySet current() {
        return keys.get(); // blocking-ok: AtomicReference read
      }

      @Override
      public Future<KeySet> refreshFor(String kid) {
        return Future.succeededFuture(keys.get());
      }
    };
  }

  /** Opens a key source on a Vert.x instance (the launcher's node owns the instance). */
  @FunctionalInterface
  interface Factory {

    /** @return the opened source; fails when no usable verification key can be obtained. */
    Future<KeySource> open(Vertx vertx);

    /** @return a factory of {@link KeySource#fixed} sources of {@code keys} (dev keys, a JWKS file). */
    static Factory fixed(KeySet keys) {
      Objects.requireNonNull(keys, "keys");
      return vertx -> Future.succeededFuture(KeySource.fixed(keys));
    }
  }
}
