package io.chartline.common.query;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a request on the query link comes from an api node of this deployment: an HMAC-SHA256
 * over the method, the path, the time and the SHA-256 of the body, under a key every api and query
 * node shares ({@code CHARTLINE_QUERY_LINK_KEYS}). The first key signs; every key verifies, so a new
 * key is rolled out by adding it second, then moving it first, then dropping the old one.
 *
 * <p>A query node verifies before it parses anything: a request without a valid proof, older or
 * newer than {@link #SKEW} or seen before within that window (a replay) is refused. Signatures seen
 * are remembered for the window, at most {@link #MAX_REMEMBERED} of them (the oldest first out).
 * ADR 0019 says why this is HMAC and not mutual TLS alone.
 */
public final class LinkAuth {

  /** The request header carrying the proof: {@code v1;t=<epoch ms>;s=<base64url HMAC>}. */
  public static final String HEADER = "chartline-link";
  /** How far a request's time may be from the verifier's clock. */
  public static final Duration SKEW = Duration.ofSeconds(30);
  /** Signatures remembered against replays. */
  static final int MAX_REMEMBERED = 200_000;
  /** The shortest key accepted, in bytes. */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final List<byte[]> keys;
  private final Clock clock;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };

  /** @param keys the link keys, the signing key first; each at least {@link #MIN_KEY_BYTES} bytes */
  public LinkAuth(List<byte[]> keys, Clock clock) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_LINK_KEYS must name at least one key");
    }
    for (byte[] k : keys) {
      if (k == null || k.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("CHARTLINE_QUERY_LINK_KEYS: every key must be at least "
            + MIN_KEY_BYTES + " bytes (base64)");
      }
    }
    this.keys = keys.stream().map(byte[]::clone).toList();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** @return the header value proving {@code method path body} comes from a holder of the signing key */
  public String sign(String method, String path, byte[] body) {
    long t = clock.millis();
    return "v1;t=" + t + ";s=" + B64.encodeToString(mac(keys.get(0), method, path, t, body));
  }

  /**
   * @return whether {@code header} is a fresh, unreplayed proof for {@code method path body} under
   *     one of the keys; a valid proof is remembered, so the same header verifies only once
   */
  public boolean verify(String header, String method, String path, byte[] body) {
    if (header == null || header.length() > 200 || !header.startsWith("v1;t=")) {
      return false;
    }
    int sig = header.indexOf(";s=", 5);
    if (sig < 0) {
      return false;
    }
    long t;
    byte[] given;
    try {
      t = Long.parseLong(header.substring(5, sig));
      given = Base64.getUrlDecoder().decode(header.substring(sig + 3));
    } catch (IllegalArgumentException e) {
      return false;
    }
    long now = clock.millis();
    if (Math.abs(now - t) > SKEW.toMillis()) {
      return false;
    }
    boolean valid = false;
    for (byte[] key : keys) {
      valid |= MessageDigest.isEqual(mac(key, method, path, t, body), given);
    }
    return valid && remember(header.substring(sig + 3), now);
  }

  private synchronized boolean remember(String signature, long now) {
    Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
    for (int i = 0; i < 16 && it.hasNext(); i++) {
      if (it.next().getValue() < now - 2 * SKEW.toMillis()) {
        it.remove();
      }
    }
    return seen.putIfAbsent(signature, now) == null;
  }

  private static byte[] mac(byte[] key, String method, String path, long t, byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(("v1\n" + t + "\n" + method + " " + path + "\n" + B64.encodeToString(digest))
          .getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
