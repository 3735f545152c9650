package io.chartline.common.auth;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Verifies compact JWS bearer tokens against a {@link KeySet}. There is no unsecure mode: a token
 * is accepted only with a valid asymmetric signature from a known key, an allowed algorithm,
 * matching {@code iss} and {@code aud}, a present and unexpired {@code exp}, and a well-formed
 * tenant claim. Header parameters that point elsewhere for keys ({@code jku}, {@code x5u},
 * {@code jwk}) are ignored. Synchronous and cheap (one signature check); safe on an event loop.
 */
public final class JwtVerifier {

  private final Supplier<KeySet> keys;
  private final JwtPolicy policy;
  private final Clock clock;

  public JwtVerifier(Supplier<KeySet> keys, JwtPolicy policy, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @return the verified principal
   * @throws AuthException with a stable reason when anything about the token is wrong
   */
  public Principal verify(String token) {
    if (token == null || token.isEmpty()) {
      throw new AuthException("TOKEN_MISSING");
    }
    if (token.length() > policy.maxTokenBytes()) {
      throw new AuthException("TOKEN_TOO_LARGE");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw new AuthException("TOKEN_MALFORMED");
    }
    JsonObject header = json(parts[0]);
    JsonObject claims = json(parts[1]);
    String alg = header.getValue("alg") instanceof String a ? a : null;
    if (alg == null || !policy.algorithms().contains(alg)) {
      throw new AuthException("ALG_NOT_ALLOWED");
    }
    String kid = header.getValue("kid") instanceof String k ? k : null;
    PublicKey key = keys.get().find(kid).orElseThrow(() -> new AuthException("UNKNOWN_KEY"));
    byte[] signature = b64(parts[2]);
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!verifySignature(alg, key, signed, signature)) {
      throw new AuthException("BAD_SIGNATURE");
    }
    return checkClaims(claims);
  }

  private Principal checkClaims(JsonObject claims) {
    long now = clock.instant().getEpochSecond();
    long leeway = policy.leeway().toSeconds();
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new AuthException("EXP_MISSING");
    }
    if (now - leeway >= exp.longValue()) {
      throw new AuthException("TOKEN_EXPIRED");
    }
    if (claims.getValue("nbf") instanceof Number nbf && nbf.longValue() > now + leeway) {
      throw new AuthException("TOKEN_NOT_YET_VALID");
    }
    if (claims.getValue("iat") instanceof Number iat && iat.longValue() > now + leeway) {
      throw new AuthException("TOKEN_ISSUED_IN_FUTURE");
    }
    if (!policy.issuer().equals(claims.getValue("iss"))) {
      throw new AuthException("WRONG_ISSUER");
    }
    if (!audienceMatches(claims.getValue("aud"))) {
      throw new AuthException("WRONG_AUDIENCE");
    }
    Object tenant = claims.getValue(policy.tenantClaim());
    if (!(tenant instanceof String t) || !TenantId.isValid(t)) {
      throw new AuthException("TENANT_CLAIM_INVALID");
    }
    Object sub = claims.getValue(policy.subjectClaim());
    if (!(sub instanceof String s) || s.isBlank()) {
      throw new AuthException("SUBJECT_MISSING");
    }
    return new Principal(TenantId.of(t), s, roles(claims.getValue(policy.rolesClaim())));
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String s) {
      return s.equals(policy.audience());
    }
    return aud instanceof JsonArray arr && arr.contains(policy.audience());
  }

  private static List<String> roles(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray arr) {
      for (Object o : arr) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    } else if (value instanceof String s) {
      for (String r : s.trim().split("[\\s,]+")) {
        if (!r.isEmpty()) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private static boolean verifySignature(String alg, PublicKey key, byte[] signed, byte[] signature) {
    try {
      Signature sig;
      switch (alg) {
        case "RS256" -> {
          if (!(key instanceof RSAPublicKey)) {
            return false;
          }
          sig = Signature.getInstance("SHA256withRSA");
        }
        case "PS256" -> {
          if (!(key instanceof RSAPublicKey)) {
            return false;
          }
          sig = Signature.getInstance("RSASSA-PSS");
          sig.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        case "ES256" -> {
          if (!(key instanceof ECPublicKey) || signature.length != 64) {
            return false;
          }
          sig = Signature.getInstance("SHA256withECDSAinP1363Format");
        }
        default -> {
          return false;
        }
      }
      sig.initVerify(key);
      sig.update(signed);
      return sig.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static JsonObject json(String part) {
    try {
      Object parsed = Buffer.buffer(b64(part)).toJsonValue();
      if (parsed instanceof JsonObject o) {
        return o;
      }
    } catch (RuntimeException e) {
      // fall through to the refusal below
    }
    throw new AuthException("TOKEN_MALFORMED");
  }

  private static byte[] b64(String part) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new AuthException("TOKEN_MALFORMED");
    }
  }
}
