package io.chartline.jwt;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The dev-mode key set: one RSA key pair kept in a file readable by its owner only, created on
 * first use. Dev mode verifies tokens with the public half and {@code bin/chartline token} signs
 * with the private half.
 */
public record DevKeys(String kid, PublicKey publicKey, PrivateKey privateKey) {

  public static final String ISSUER = "https://chartline.dev.local";
  public static final String AUDIENCE = "chartline-api";

  /** Generates a fresh in-memory key pair (tests). */
  public static DevKeys generate() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      KeyPair kp = gen.generateKeyPair();
      return new DevKeys("dev-" + UUID.randomUUID().toString().substring(0, 8), kp.getPublic(), kp.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate dev keys", e);
    }
  }

  /** Loads the key pair from {@code file}, creating it (mode 0600) when absent. */
  public static DevKeys loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      JsonObject o = new JsonObject(Files.readString(file));
      try {
        KeyFactory kf = KeyFactory.getInstance("RSA");
        return new DevKeys(o.getString("kid"),
            kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(o.getString("public")))),
            kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(o.getString("private")))));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IOException("dev key file is unreadable; delete it to create a new one", e);
      }
    }
    DevKeys keys = generate();
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "keys", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    JsonObject o = new JsonObject().put("kid", keys.kid())
        .put("public", Base64.getEncoder().encodeToString(keys.publicKey().getEncoded()))
        .put("private", Base64.getEncoder().encodeToString(keys.privateKey().getEncoded()));
    Files.writeString(tmp, o.encode(), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return keys;
  }

  public KeySet keySet() {
    return KeySet.of(Map.of(kid, publicKey));
  }

  public JwtSigner signer() {
    return new JwtSigner(kid, privateKey);
  }

  /** @return signed claims for a dev token of {@code tenant} with {@code roles}, valid for {@code ttlSeconds}. */
  public String token(String tenant, String subject, java.util.List<String> roles, long ttlSeconds,
      java.time.Clock clock) {
    return token(tenant, subject, roles, new JsonObject(), ttlSeconds, clock);
  }

  /**
   * Like {@link #token(String, String, java.util.List, long, java.time.Clock)} with {@code extra}
   * claims added, such as {@code patient_id} and {@code scope}.
   */
  public String token(String tenant, String subject, java.util.List<String> roles, JsonObject extra,
      long ttlSeconds, java.time.Clock clock) {
    long now = clock.instant().getEpochSecond();
    JsonObject claims = new JsonObject().put("iss", ISSUER).put("aud", AUDIENCE).put("sub", subject)
        .put("tenant_id", tenant).put("roles", new io.vertx.core.json.JsonArray(java.util.List.copyOf(roles)))
        .put("iat", now).put("nbf", now).put("exp", now + ttlSeconds).put("jti", UUID.randomUUID().toString());
    return signer().sign(claims.mergeIn(extra));
  }
}
