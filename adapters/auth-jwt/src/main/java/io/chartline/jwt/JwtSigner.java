package io.chartline.jwt;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs tokens with a dev key: for dev mode, tests and benchmarks, never for production. RS256 or
 * PS256 with an RSA key, ES256 with an EC P-256 key.
 */
public final class JwtSigner {

  private final String kid;
  private final PrivateKey key;

  public JwtSigner(String kid, PrivateKey key) {
    this.kid = Objects.requireNonNull(kid, "kid");
    this.key = Objects.requireNonNull(key, "key");
  }

  /** @return a compact JWS of {@code claims} signed under this signer's kid (RS256, or ES256 for an EC key). */
  public String sign(JsonObject claims) {
    String alg = key instanceof ECPrivateKey ? "ES256" : "RS256";
    return sign(new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid), claims);
  }

  /**
   * Signs with an explicit header (tests use it to build hostile tokens). An EC key signs ES256;
   * an RSA key signs PS256 when the header says so and RS256 otherwise, whatever the header claims.
   */
  public String sign(JsonObject header, JsonObject claims) {
    String signingInput = enc(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + enc(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature sig = signature(header.getValue("alg"));
      sig.initSign(key);
      sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + enc(sig.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  private Signature signature(Object alg) throws GeneralSecurityException {
    if ("PS256".equals(alg)) {
      Signature sig = Signature.getInstance("RSASSA-PSS");
      sig.setParameter(Signatures.pss());
      return sig;
    }
    return Signature.getInstance(key instanceof ECPrivateKey ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
  }

  public String kid() {
    return kid;
  }

  static String enc(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
