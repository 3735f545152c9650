package io.chartline.common.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.AlgorithmParameters;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Verification keys by {@code kid}, parsed from a JWKS document. Keys of unsupported types are
 * skipped; an empty key set verifies nothing.
 */
public final class KeySet {

  private final Map<String, PublicKey> keys;

  private KeySet(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  public static KeySet of(Map<String, PublicKey> keys) {
    return new KeySet(keys);
  }

  /** Parses a JWKS ({@code {"keys":[...]}}); RSA and EC P-256 signing keys are kept. */
  public static KeySet fromJwks(JsonObject jwks) {
    Map<String, PublicKey> out = new HashMap<>();
    JsonArray arr = jwks.getJsonArray("keys", new JsonArray());
    for (Object o : arr) {
      if (o instanceof JsonObject jwk && jwk.getValue("kid") instanceof String kid
          && !"enc".equals(jwk.getString("use"))) {
        parse(jwk).ifPresent(k -> out.put(kid, k));
      }
    }
    return new KeySet(out);
  }

  public Optional<PublicKey> find(String kid) {
    return kid == null ? Optional.empty() : Optional.ofNullable(keys.get(kid));
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
      if (key instanceof RSAPublicKey rsa) {
        arr.add(new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
            .put("n", b64(rsa.getModulus())).put("e", b64(rsa.getPublicExponent())));
      } else if (key instanceof ECPublicKey ec) {
        arr.add(new JsonObject().put("kty", "EC").put("kid", kid).put("use", "sig").put("crv", "P-256")
            .put("x", b64(ec.getW().getAffineX(), 32)).put("y", b64(ec.getW().getAffineY(), 32)));
      }
    });
    return new JsonObject().put("keys", arr);
  }

  private static Optional<PublicKey> parse(JsonObject jwk) {
    try {
      switch (jwk.getString("kty", "")) {
        case "RSA" -> {
          BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
          BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
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
