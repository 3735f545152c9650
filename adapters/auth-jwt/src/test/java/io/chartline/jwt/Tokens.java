package io.chartline.jwt;

import io.chartline.common.auth.AuthException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/** Shared material for token tests: a fixed clock, claims that pass the default policy, encoders. */
final class Tokens {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String ISSUER = "iss-1";
  static final String AUDIENCE = "aud-1";

  private Tokens() {
  }

  /** Claims a default policy for {@link #ISSUER}/{@link #AUDIENCE} accepts at {@link #NOW}. */
  static JsonObject claims() {
    long now = NOW.getEpochSecond();
    return new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", "u1").put("tenant_id", "t-1")
        .put("roles", new JsonArray().add("clinician")).put("iat", now).put("exp", now + 300);
  }

  static JsonObject header(String alg, String kid) {
    return new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", kid);
  }

  static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** @return the reason {@code verifier} refuses {@code token} with, or {@code ACCEPTED}. */
  static String reason(JwtVerifier verifier, String token) {
    try {
      verifier.verify(token);
      return "ACCEPTED";
    } catch (AuthException e) {
      return e.reason();
    }
  }

  static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
