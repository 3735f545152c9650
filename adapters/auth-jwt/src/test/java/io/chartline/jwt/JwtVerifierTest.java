package io.chartline.jwt;

import static io.chartline.jwt.Tokens.b64;
import static io.chartline.jwt.Tokens.claims;
import static io.chartline.jwt.Tokens.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verifier accepts exactly the well-signed, current, correctly addressed tokens: signature and header rules. */
class JwtVerifierTest {

  static final DevKeys KEYS = DevKeys.generate();
  final JwtVerifier verifier = new JwtVerifier(KEYS::keySet, JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE),
      Tokens.CLOCK);

  String reason(String token) {
    return Tokens.reason(verifier, token);
  }

  @Test
  void acceptsAWellFormedTokenAndTakesTenantAndRolesFromItsClaims() {
    Principal p = verifier.verify(KEYS.signer().sign(claims()));
    assertThat(p.tenant().value()).isEqualTo("t-1");
    assertThat(p.subject()).isEqualTo("u1");
    assertThat(p.roles()).containsExactly("clinician");
  }

  /** PS256 with an RSA key and ES256 with an EC P-256 key verify; the algorithm must fit the key type. */
  @Test
  void acceptsPs256AndEs256AndRefusesAnAlgorithmThatDoesNotFitTheKey() throws GeneralSecurityException {
    KeyPair ec = Tokens.ecKeyPair();
    JwtSigner ecSigner = new JwtSigner("ec-1", ec.getPrivate());
    KeySet both = KeySet.of(Map.of(KEYS.kid(), KEYS.publicKey(), "ec-1", ec.getPublic()));
    JwtVerifier v = new JwtVerifier(() -> both, JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE), Tokens.CLOCK);

    assertThat(Tokens.reason(v, KEYS.signer().sign(header("PS256", KEYS.kid()), claims()))).isEqualTo("ACCEPTED");
    assertThat(Tokens.reason(v, ecSigner.sign(claims()))).isEqualTo("ACCEPTED");
    // a PKCS#1 v1.5 signature presented as PS256, and an RSA signature presented as ES256 under the EC key id
    assertThat(Tokens.reason(v, rs256Over(header("PS256", KEYS.kid())))).isEqualTo("BAD_SIGNATURE");
    assertThat(Tokens.reason(v, KEYS.signer().sign(header("ES256", "ec-1"), claims()))).isEqualTo("BAD_SIGNATURE");
  }

  /** @return the default claims under {@code header}, signed SHA256withRSA whatever the header says. */
  static String rs256Over(JsonObject header) throws GeneralSecurityException {
    String input = b64(header.encode()) + "." + b64(claims().encode());
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(KEYS.privateKey());
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(sig.sign());
  }

  /** alg "none" in any spelling is refused: malformed with an empty signature, not allowed with any other. */
  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
  void refusesUnsignedTokensInEverySpelling(String none) {
    String body = b64(claims().encode());
    String head = b64(new JsonObject().put("alg", none).put("typ", "JWT").put("kid", KEYS.kid()).encode());
    assertThat(reason(head + "." + body + ".")).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(head + "." + body + ".eA")).isEqualTo("ALG_NOT_ALLOWED");
  }

  /** HS256 keyed with the RSA public key (the classic confusion attack) never reaches a MAC check. */
  @Test
  void refusesHmacTokensKeyedWithThePublicKey() throws Exception {
    String input = b64(header("HS256", KEYS.kid()).encode()) + "." + b64(claims().encode());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEYS.publicKey().getEncoded(), "HmacSHA256"));
    String forged = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    assertThat(reason(forged)).isEqualTo("ALG_NOT_ALLOWED");
    assertThat(reason(b64("{\"kid\":\"" + KEYS.kid() + "\"}") + "." + b64(claims().encode()) + ".eA"))
        .as("no alg at all").isEqualTo("ALG_NOT_ALLOWED");
  }

  @Test
  void refusesTamperedUnknownKeyAndKeySetlessTokens() {
    String signed = KEYS.signer().sign(claims());
    String[] parts = signed.split("\\.");
    String tampered = parts[0] + "." + b64(claims().put("tenant_id", "t-2").encode()) + "." + parts[2];
    assertThat(reason(tampered)).isEqualTo("BAD_SIGNATURE");
    assertThat(reason(parts[0] + "." + parts[1] + "." + b64(new byte[256]))).isEqualTo("BAD_SIGNATURE");
    assertThat(reason(parts[0] + "." + parts[1] + ".")).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(DevKeys.generate().signer().sign(claims()))).isEqualTo("UNKNOWN_KEY");
    JwtVerifier empty = new JwtVerifier(() -> KeySet.of(Map.of()), JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE),
        Tokens.CLOCK);
    assertThatThrownBy(() -> empty.verify(signed)).isInstanceOf(AuthException.class)
        .extracting(e -> ((AuthException) e).reason()).isEqualTo("UNKNOWN_KEY");
  }

  /**
   * jku, x5u and an embedded jwk never supply the key: a token signed by an attacker's key that
   * points at (or carries) that key is refused, whether it names the attacker's kid or the real one.
   */
  @Test
  void ignoresKeyPointersAndEmbeddedKeysInTheHeader() {
    DevKeys attacker = DevKeys.generate();
    JsonObject attackerJwk = attacker.keySet().toJwks().getJsonArray("keys").getJsonObject(0);
    JwtSigner evil = attacker.signer();
    assertThat(reason(evil.sign(header("RS256", attacker.kid()).put("jku", "https://attacker.example/jwks"),
        claims()))).isEqualTo("UNKNOWN_KEY");
    assertThat(reason(evil.sign(header("RS256", attacker.kid()).put("x5u", "https://attacker.example/cert.pem"),
        claims()))).isEqualTo("UNKNOWN_KEY");
    assertThat(reason(evil.sign(header("RS256", attacker.kid()).put("jwk", attackerJwk), claims())))
        .isEqualTo("UNKNOWN_KEY");
    assertThat(reason(evil.sign(header("RS256", KEYS.kid()).put("jwk", attackerJwk.copy().put("kid", KEYS.kid())),
        claims()))).isEqualTo("BAD_SIGNATURE");
    assertThat(reason(evil.sign(header("RS256", null).put("jwk", attackerJwk), claims()))).isEqualTo("UNKNOWN_KEY");
  }

  /** kid values that look like paths or SQL are only ever map keys: unknown, nothing else happens. */
  @ParameterizedTest
  @ValueSource(strings = {"../../../../dev/null", "/etc/passwd", "..\\..\\windows\\win.ini", "' OR '1'='1",
      "x'; DROP TABLE audit_log; --", "", "%00"})
  void treatsHostileKidsAsUnknownKeys(String kid) {
    assertThat(reason(KEYS.signer().sign(header("RS256", kid), claims()))).isEqualTo("UNKNOWN_KEY");
  }

  /** Access-token header types pass (absent, JWT, at+jwt, application/at+jwt, any case); others are refused. */
  @Test
  void acceptsOnlyAccessTokenHeaderTypes() {
    for (String typ : new String[] {"JWT", "jwt", "at+jwt", "application/at+jwt", "AT+JWT"}) {
      assertThat(reason(KEYS.signer().sign(header("RS256", KEYS.kid()).put("typ", typ), claims()))).as(typ)
          .isEqualTo("ACCEPTED");
    }
    JsonObject noTyp = header("RS256", KEYS.kid());
    noTyp.remove("typ");
    assertThat(reason(KEYS.signer().sign(noTyp, claims()))).isEqualTo("ACCEPTED");
    for (Object typ : new Object[] {"id_token+jwt", "logout+jwt", "dpop+jwt", "JWE", 1, new JsonArray().add("JWT")}) {
      assertThat(reason(KEYS.signer().sign(header("RS256", KEYS.kid()).put("typ", typ), claims()))).as("%s", typ)
          .isEqualTo("TOKEN_TYPE_NOT_ALLOWED");
    }
  }

  /** A crit header names extensions this verifier does not implement, so the token is refused (RFC 7515 4.1.11). */
  @Test
  void refusesCriticalExtensions() {
    assertThat(reason(KEYS.signer().sign(header("RS256", KEYS.kid()).put("crit", new JsonArray().add("b64"))
        .put("b64", false), claims()))).isEqualTo("CRIT_UNSUPPORTED");
  }

  /** A JWKS entry bound to RS256 does not verify a PS256 token, even with a valid PSS signature. */
  @Test
  void honoursTheAlgorithmAJwksEntryIsBoundTo() {
    JsonObject jwks = KEYS.keySet().toJwks();
    jwks.getJsonArray("keys").getJsonObject(0).put("alg", "RS256");
    KeySet bound = KeySet.fromJwks(jwks);
    JwtVerifier v = new JwtVerifier(() -> bound, JwtPolicy.defaults(Tokens.ISSUER, Tokens.AUDIENCE), Tokens.CLOCK);
    assertThat(Tokens.reason(v, KEYS.signer().sign(claims()))).isEqualTo("ACCEPTED");
    assertThat(Tokens.reason(v, KEYS.signer().sign(header("PS256", KEYS.kid()), claims())))
        .isEqualTo("ALG_KEY_MISMATCH");
  }

  /** Only unpadded base64url parts holding JSON objects are tokens; the size cap applies before parsing. */
  @Test
  void refusesMalformedAndOversizedTokens() {
    String signed = KEYS.signer().sign(claims());
    String[] parts = signed.split("\\.");
    assertThat(reason("not-a-jwt")).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(parts[0] + "." + parts[1])).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(signed + ".x")).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(parts[0] + "=." + parts[1] + "." + parts[2])).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(b64("[1,2]") + "." + parts[1] + "." + parts[2])).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(parts[0] + "." + b64("not json") + "." + parts[2])).isEqualTo("TOKEN_MALFORMED");
    assertThat(reason(parts[0] + "." + parts[1] + ".ab+c/d")).as("standard alphabet").isEqualTo("TOKEN_MALFORMED");
    assertThat(reason("a".repeat(9000))).isEqualTo("TOKEN_TOO_LARGE");
    assertThat(reason(null)).isEqualTo("TOKEN_MISSING");
    assertThat(reason("")).isEqualTo("TOKEN_MISSING");
  }
}
