package io.chartline.jwt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verification keys by {@code kid}, parsed from a JWKS document. Keys of unsupported types, RSA
 * keys under 2048 bits, encryption keys and keys bound to an unsupported {@code alg} are skipped;
 * an empty key set verifies nothing. Immutable.
 */
public final class KeySet {

  private static final int MIN_RSA_BITS = 2048;

  private final Map<String, PublicKey> keys;
  private final Map<String, String> algorithms;

  private KeySet(Map<String, PublicKey> keys, Map<String, String> algorithms) {
    this.keys = Map.copyOf(keys);
    this.algorithms = Map.copyOf(algorithms);
  }

  public static KeySet of(Map<String, PublicKey> keys) {
    return new KeySet(keys, Map.of());
  }

  /**
   * Parses a JWKS ({@code {"keys":[...]}}); RSA (2048 bits or more) and EC P-256 signing keys with a
   * {@code kid} are kept, and a key's {@code alg} member, when present, binds it to that algorithm.
   * Never throws on bad entries: they are skipped.
   */
  public static KeySet fromJwks(JsonObject jwks) {
    Map<String, PublicKey> out = new HashMap<>();
    Map<String, String> algs = new HashMap<>();
    Object list = jwks.getValue("keys");
    for (Object o : list instanceof JsonArray arr ? arr : new JsonArray()) {
      if (o instanceof JsonObject jwk && jwk.getValue("kid") instanceof String kid && !out.containsKey(kid)
          && !"enc".equals(jwk.getValue("use")) && usableAlgorithm(jwk.getValue("alg"))) {
        parse(jwk).ifPresent(k -> {
          out.put(kid, k);
          if (jwk.getValue("alg") instanceof String alg) {
            algs.put(kid, alg);
          }
        });
      }
    }
    return new KeySet(out, algs);
  }

  private static boolean usableAlgorithm(Object alg) {
    return alg == null || alg instanceof String a && JwtPolicy.SUPPORTED.contains(a);
  }

  public Optional<PublicKey> find(String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(keys.get(kid));
  }

  /** @return the algorithm the key's JWKS entry is bound to, when it names one. */
  public Optional<String> algorithm(String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(algorithms.get(kid));
  }

  /** @return the key ids in this set. */
  public Set<String> kids() {
    return keys.keySet();
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  public int size() {
    return keys.size();
  }

  /** @return the public keys as a JWKS document. */
  public JsonObject toJwks() {
    JsonArray arr = new JsonArray();
    keys.forEach((kid, key) -> {
      JsonObject jwk = toJwk(kid, key);
      if (jwk != null) {
        algorithm(kid).ifPresent(a -> jwk.put("alg", a));
        arr.add(jwk);
      }
    });
    return new JsonObject().put("keys", arr);
  }

  private static JsonObject toJwk(String kid, PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
          .put("n", b64(rsa.getModulus())).put("e", b64(rsa.getPublicExponent()));
    }
    if (key instanceof ECPublicKey ec) {
      return new JsonObject().put("kty", "EC").put("kid", kid).put("use", "sig").put("crv", "P-256")
          .put("x", b64(ec.getW().getAffineX(), 32)).put("y", b64(ec.getW().getAffineY(), 32));
    }
    return null;
  }

  private static Optional<PublicKey> parse(JsonObject jwk) {
    try {
      switch (jwk.getString("kty", "")) {
        case "RSA" -> {
          BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
          BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
          if (n.bitLength() < MIN_RSA_BITS) {
            return Optional.empty();
          }
          return Optional.of(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
        }
        case "EC" -> {
          if (!"P-256".equals(jwk.getString("crv"))) {
            return Optional.empty();
          }
          AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
          params.init(new ECGenParameterSpec("secp256r1"));
          ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
          ECPoint w = new ECPoint(new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("x"))),
              new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("y"))));
          return Optional.of(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec)));
        }
        default -> {
          return Optional.empty();
        }
      }
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static String b64(BigInteger v) {
    byte[] bytes = v.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String b64(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
