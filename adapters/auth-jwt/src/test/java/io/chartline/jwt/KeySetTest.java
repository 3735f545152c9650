package io.chartline.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWKS parsing and printing: RSA and EC P-256 signing keys survive a round trip; everything else is skipped. */
class KeySetTest {

  static KeyPair rsa;
  static KeyPair ec;

  @BeforeAll
  static void generateKeys() throws GeneralSecurityException {
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(2048);
    rsa = rsaGen.generateKeyPair();
    KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
    ecGen.initialize(new ECGenParameterSpec("secp256r1"));
    ec = ecGen.generateKeyPair();
  }

  static JsonObject jwk(KeyPair pair, String kid) {
    return KeySet.of(Map.of(kid, pair.getPublic())).toJwks().getJsonArray("keys").getJsonObject(0);
  }

  /** A signature made with the private half verifies with the key that came back from JWKS. */
  static boolean verifies(KeyPair pair, PublicKey parsed, String algorithm) throws GeneralSecurityException {
    byte[] data = "header.payload".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(pair.getPrivate());
    signer.update(data);
    byte[] sig = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(parsed);
    verifier.update(data);
    return verifier.verify(sig);
  }

  /** toJwks → fromJwks gives back equal RSA and EC P-256 keys under their kids, usable to verify signatures. */
  @Test
  void jwksRoundTripForRsaAndEcKeys() throws GeneralSecurityException {
    KeySet original = KeySet.of(Map.of("rsa-1", rsa.getPublic(), "ec-1", ec.getPublic()));

    JsonObject jwks = original.toJwks();
    KeySet parsed = KeySet.fromJwks(new JsonObject(jwks.encode()));

    assertThat(parsed.size()).isEqualTo(2);
    assertThat(parsed.find("rsa-1")).contains(rsa.getPublic());
    assertThat(parsed.find("ec-1")).contains(ec.getPublic());
    assertThat(verifies(rsa, parsed.find("rsa-1").orElseThrow(), "SHA256withRSA")).isTrue();
    assertThat(verifies(ec, parsed.find("ec-1").orElseThrow(), "SHA256withECDSA")).isTrue();
  }

  /** The printed JWKS has the RFC 7517/7518 members: kty, kid, use=sig, n/e or crv/x/y with 32-byte coordinates. */
  @Test
  void toJwksPrintsStandardMembers() {
    JsonObject r = jwk(rsa, "rsa-1");
    assertThat(r.getString("kty")).isEqualTo("RSA");
    assertThat(r.getString("use")).isEqualTo("sig");
    assertThat(r.getString("e")).isEqualTo("AQAB");
    assertThat(r.getString("n")).doesNotContain("=", "+", "/");

    JsonObject e = jwk(ec, "ec-1");
    assertThat(e.getString("kty")).isEqualTo("EC");
    assertThat(e.getString("crv")).isEqualTo("P-256");
    assertThat(java.util.Base64.getUrlDecoder().decode(e.getString("x"))).hasSize(32);
    assertThat(java.util.Base64.getUrlDecoder().decode(e.getString("y"))).hasSize(32);
  }

  /** An EC key whose coordinate has a leading zero byte still prints 32 bytes and round-trips. */
  @Test
  void ecKeysWithShortCoordinatesRoundTrip() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair shortX = null;
    for (int i = 0; i < 5000 && shortX == null; i++) {
      KeyPair candidate = gen.generateKeyPair();
      if (((ECPublicKey) candidate.getPublic()).getW().getAffineX().bitLength() <= 248) {
        shortX = candidate;
      }
    }
    assertThat(shortX).as("a key with a leading zero byte in x (about 1 in 256)").isNotNull();

    JsonObject jwks = KeySet.of(Map.of("k", shortX.getPublic())).toJwks();

    assertThat(java.util.Base64.getUrlDecoder().decode(jwks.getJsonArray("keys").getJsonObject(0).getString("x")))
        .hasSize(32);
    assertThat(KeySet.fromJwks(jwks).find("k")).contains(shortX.getPublic());
  }

  /** Encryption keys, unsupported key types and other curves are skipped; signing keys beside them are kept. */
  @Test
  void skipsEncryptionKeysAndUnsupportedTypes() {
    JsonObject encRsa = jwk(rsa, "enc-rsa").put("use", "enc");
    JsonObject oct = new JsonObject().put("kty", "oct").put("kid", "hmac").put("k", "c2VjcmV0");
    JsonObject okp = new JsonObject().put("kty", "OKP").put("kid", "ed").put("crv", "Ed25519")
        .put("x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    JsonObject p384 = jwk(ec, "p384").put("crv", "P-384");
    JsonObject noUse = jwk(rsa, "no-use");
    noUse.remove("use");

    KeySet parsed = KeySet.fromJwks(new JsonObject().put("keys",
        new JsonArray().add(encRsa).add(oct).add(okp).add(p384).add(noUse).add(jwk(ec, "ec-sig"))));

    assertThat(parsed.size()).isEqualTo(2);
    assertThat(parsed.find("no-use")).contains(rsa.getPublic());
    assertThat(parsed.find("ec-sig")).contains(ec.getPublic());
    assertThat(parsed.find("enc-rsa")).isEmpty();
    assertThat(parsed.find("hmac")).isEmpty();
    assertThat(parsed.find("ed")).isEmpty();
    assertThat(parsed.find("p384")).isEmpty();
  }

  /** Short RSA keys and keys bound to an algorithm outside the allow-list are skipped; a bound alg round-trips. */
  @Test
  void skipsWeakKeysAndKeysForOtherAlgorithms() throws GeneralSecurityException {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(1024);
    JsonObject weak = jwk(gen.generateKeyPair(), "rsa-1024");
    JsonObject hs = jwk(rsa, "rs384").put("alg", "RS384");
    JsonObject bound = jwk(rsa, "bound").put("alg", "PS256");

    KeySet parsed = KeySet.fromJwks(new JsonObject().put("keys", new JsonArray().add(weak).add(hs).add(bound)));

    assertThat(parsed.kids()).containsExactly("bound");
    assertThat(parsed.algorithm("bound")).contains("PS256");
    assertThat(parsed.algorithm("other")).isEmpty();
    assertThat(KeySet.fromJwks(parsed.toJwks()).algorithm("bound")).contains("PS256");
  }

  /** Garbage entries (non-objects, missing or mistyped members, bad Base64) are skipped without an exception. */
  @Test
  void skipsGarbageEntriesWithoutException() {
    JsonArray keys = new JsonArray()
        .add("not a key").add(42).addNull().add(new JsonArray())
        .add(new JsonObject())
        .add(jwk(rsa, "x").put("kid", 7))
        .add(jwk(rsa, "no-kid").putNull("kid"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "no-n").put("e", "AQAB"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "bad-n").put("n", "***").put("e", "AQAB"))
        .add(new JsonObject().put("kty", "RSA").put("kid", "obj-n").put("n", new JsonObject()).put("e", "AQAB"))
        .add(new JsonObject().put("kty", "EC").put("kid", "no-crv").put("x", "AA").put("y", "AA"))
        .add(new JsonObject().put("kty", "EC").put("kid", "no-y").put("crv", "P-256").put("x", "AA"))
        .add(new JsonObject().put("kty", 3).put("kid", "num-kty"))
        .add(new JsonObject().put("kid", "no-kty").put("n", "AQAB").put("e", "AQAB"))
        .add(jwk(ec, "good"));

    KeySet parsed = KeySet.fromJwks(new JsonObject().put("keys", keys));

    assertThat(parsed.size()).isEqualTo(1);
    assertThat(parsed.find("good")).contains(ec.getPublic());
  }

  /** A JWKS without keys, or an empty one, gives an empty key set that finds nothing (null kid included). */
  @Test
  void emptyKeySetsFindNothing() {
    assertThat(KeySet.fromJwks(new JsonObject()).isEmpty()).isTrue();
    assertThat(KeySet.fromJwks(new JsonObject().put("keys", new JsonArray())).isEmpty()).isTrue();
    KeySet one = KeySet.of(Map.of("k", rsa.getPublic()));
    assertThat(one.find(null)).isEmpty();
    assertThat(one.find("other")).isEmpty();
    assertThat(KeySet.of(Map.of()).toJwks().getJsonArray("keys")).isEmpty();
  }
}
