package io.chartline.jwt;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OIDC issuer's signing keys, fetched from its JWKS (configured, or found by discovery) and
 * cached. The cache is replaced in the background every {@link JwksSettings#refreshInterval()},
 * so a key the issuer removes stops verifying after the next refresh; a token with an unknown
 * {@code kid} may trigger an early refresh, at most once per {@link JwksSettings#minRefreshInterval()}
 * with concurrent requests sharing one fetch. A failed or empty fetch keeps the previous keys.
 * Header parameters of tokens ({@code jku}, {@code x5u}, {@code jwk}) never influence where keys come from.
 */
public final class JwksKeySource implements KeySource {

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeySource.class);
  private static final int MAX_KID_LENGTH = 256;

  private final Vertx vertx;
  private final JsonFetcher fetcher;
  private final URI jwksUri;
  private final JwksSettings settings;
  private final Clock clock;
  private volatile KeySet current = KeySet.of(java.util.Map.of());
  private Future<KeySet> inFlight;
  private Instant lastAttempt = Instant.MIN;
  private long timer = -1;

  private JwksKeySource(Vertx vertx, JsonFetcher fetcher, URI jwksUri, JwksSettings settings, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Resolves the JWKS location, fetches it once and starts the background refresh.
   *
   * @return the source; fails with a message naming the setting when the first fetch fails or the
   *     JWKS holds no usable signing key (the api role must not start without one)
   */
  public static Future<KeySource> open(Vertx vertx, JwksSettings settings, Clock clock) {
    HttpJsonFetcher http = new HttpJsonFetcher(vertx, settings.fetchTimeout(), settings.maxDocumentBytes());
    return open(vertx, http, settings, clock).onFailure(t -> http.close());
  }

  static Future<KeySource> open(Vertx vertx, JsonFetcher fetcher, JwksSettings settings, Clock clock) {
    Future<URI> location = settings.jwksUri() != null
        ? Future.succeededFuture(settings.jwksUri())
        : OidcDiscovery.jwksUri(fetcher, settings);
    return location
        .compose(uri -> new JwksKeySource(vertx, fetcher, uri, settings, clock).loadFirst())
        .recover(t -> Future.failedFuture(new IllegalStateException(
            "no usable token verification key (" + settings.source() + "): " + describe(t), t)));
  }

  private Future<KeySource> loadFirst() {
    synchronized (this) {
      lastAttempt = clock.instant();
    }
    return fetcher.get(jwksUri)
        .recover(t -> Future.failedFuture(new IllegalStateException("cannot fetch the JWKS " + jwksUri + ": "
            + describe(t))))
        .compose(json -> {
          KeySet keys = KeySet.fromJwks(json);
          if (keys.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("the JWKS " + jwksUri
                + " holds no usable signing key (RSA of 2048 bits or more, or EC P-256, with a kid)"));
          }
          current = keys;
          long period = settings.refreshInterval().toMillis();
          timer = vertx.setPeriodic(period, period, id -> refreshOnSchedule());
          LOG.info("token verification keys loaded [source: {}, keys: {}]", jwksUri, keys.size());
          return Future.succeededFuture(this);
        });
  }

  @Override
  public KeySet current() {
    return current;
  }

  @Override
  public Future<KeySet> refreshFor(String kid) {
    if (kid == null || kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
      return Future.succeededFuture(current);
    }
    synchronized (this) {
      if (inFlight != null) {
        return inFlight;
      }
      Instant now = clock.instant();
      if (now.isBefore(lastAttempt.plus(settings.minRefreshInterval()))) {
        return Future.succeededFuture(current);
      }
      return startFetch(now, "unknown key");
    }
  }

  private synchronized void refreshOnSchedule() {
    if (inFlight == null) {
      startFetch(clock.instant(), "scheduled");
    }
  }

  private synchronized Future<KeySet> startFetch(Instant now, String why) {
    lastAttempt = now;
    Promise<KeySet> done = Promise.promise();
    Future<KeySet> fetch = done.future();
    inFlight = fetch;
    fetcher.get(jwksUri).onComplete(ar -> {
      KeySet next = apply(ar, why);
      synchronized (this) {
        if (inFlight == fetch) {
          inFlight = null;
        }
      }
      done.complete(next);
    });
    return fetch;
  }

  private KeySet apply(AsyncResult<JsonObject> fetched, String why) {
    KeySet before = current;
    if (fetched.failed()) {
      LOG.warn("jwks refresh failed, keeping cached keys [source: {}, reason: {}, keys: {}, error: {}]", jwksUri,
          why, before.size(), describe(fetched.cause()));
      return before;
    }
    KeySet next = KeySet.fromJwks(fetched.result());
    if (next.isEmpty()) {
      LOG.warn("jwks has no usable signing key, keeping cached keys [source: {}, reason: {}, keys: {}]", jwksUri,
          why, before.size());
      return before;
    }
    current = next;
    Set<String> added = new HashSet<>(next.kids());
    added.removeAll(before.kids());
    Set<String> removed = new HashSet<>(before.kids());
    removed.removeAll(next.kids());
    if (!added.isEmpty() || !removed.isEmpty()) {
      LOG.info("token verification keys changed [source: {}, reason: {}, added: {}, removed: {}]", jwksUri, why,
          added, removed);
    }
    return next;
  }

  @Override
  public synchronized void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (fetcher instanceof HttpJsonFetcher http) {
      http.close();
    }
  }

  static String describe(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }
}
