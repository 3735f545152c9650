package io.chartline.jwt;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Signature checks for the supported JWS algorithms on the JDK's providers. The key type must fit
 * the algorithm: an RSA key never verifies an ES256 token, and no symmetric algorithm exists here.
 */
final class Signatures {

  private Signatures() {
  }

  /** @return true only when {@code signature} over {@code signed} verifies under {@code key} with {@code alg}. */
  static boolean verify(String alg, PublicKey key, byte[] signed, byte[] signature) {
    try {
      Signature sig = forAlgorithm(alg, key, signature);
      if (sig == null) {
        return false;
      }
      sig.initVerify(key);
      sig.update(signed);
      return sig.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Signature forAlgorithm(String alg, PublicKey key, byte[] signature) throws GeneralSecurityException {
    switch (alg) {
      case "RS256" -> {
        return key instanceof RSAPublicKey ? Signature.getInstance("SHA256withRSA") : null;
      }
      case "PS256" -> {
        if (!(key instanceof RSAPublicKey)) {
          return null;
        }
        Signature sig = Signature.getInstance("RSASSA-PSS");
        sig.setParameter(pss());
        return sig;
      }
      case "ES256" -> {
        // JWS carries the raw 64-byte R||S form (RFC 7518 3.4), not DER
        return key instanceof ECPublicKey && signature.length == 64
            ? Signature.getInstance("SHA256withECDSAinP1363Format") : null;
      }
      default -> {
        return null;
      }
    }
  }

  static PSSParameterSpec pss() {
    return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
  }
}
