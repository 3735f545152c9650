package io.chartline.common.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/** Signs RS256 tokens with a dev key: for dev mode, tests and benchmarks, never for production. */
public final class JwtSigner {

  private final String kid;
  private final PrivateKey key;

  public JwtSigner(String kid, PrivateKey key) {
    this.kid = Objects.requireNonNull(kid, "kid");
    this.key = Objects.requireNonNull(key, "key");
  }

  /** @return a compact JWS of {@code claims} signed with RS256 under this signer's kid. */
  public String sign(JsonObject claims) {
    return sign(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid), claims);
  }

  /** Signs with an explicit header (tests use it to build hostile tokens). */
  public String sign(JsonObject header, JsonObject claims) {
    String signingInput = enc(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + enc(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initSign(key);
      sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + enc(sig.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign token", e);
    }
  }

  public String kid() {
    return kid;
  }

  static String enc(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
