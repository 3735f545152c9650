package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.Principal;
import io.chartline.jwt.DevKeys;
import io.chartline.jwt.JwtVerifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings docs/identity.md gives for each identity provider, applied to tokens shaped like
 * that provider's access and ID tokens: configuration alone maps tenant, roles and subject, and
 * the ID token is refused.
 */
class IdentityProfilesTest {

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final DevKeys KEYS = DevKeys.generate();

  static JwtVerifier verifier(Map<String, String> identitySettings) {
    Map<String, String> env = new HashMap<>(identitySettings);
    env.put("CHARTLINE_CRYPTO_MASTER_KEY_FILE", "keys/master.key");
    AppConfig config = AppConfig.from(new Settings(env), EnumSet.of(Role.API));
    return new JwtVerifier(KEYS::keySet, config.jwt(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static JsonObject header(String typ) {
    JsonObject h = new JsonObject().put("alg", "RS256").put("kid", KEYS.kid());
    return typ == null ? h : h.put("typ", typ);
  }

  static String refusal(JwtVerifier v, String token) {
    try {
      v.verify(token);
      return "ACCEPTED";
    } catch (AuthException e) {
      return e.reason();
    }
  }

  @Test
  void cognitoAccessTokensUseClientIdAndCognitoGroups() {
    String issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example1";
    JwtVerifier v = verifier(Map.of("CHARTLINE_AUTH_ISSUER", issuer, "CHARTLINE_AUTH_AUDIENCE", "4example0client0id",
        "CHARTLINE_AUTH_AUDIENCE_CLAIM", "client_id", "CHARTLINE_AUTH_ROLES_CLAIM", "cognito:groups"));
    JsonObject access = new JsonObject().put("sub", "aaaa-1111").put("iss", issuer)
        .put("client_id", "4example0client0id").put("token_use", "access").put("scope", "openid")
        .put("auth_time", T).put("iat", T).put("exp", T + 3600).put("jti", "j-1").put("username", "alice")
        .put("cognito:groups", new JsonArray().add("clinician")).put("tenant_id", "clinic-a");
    JsonObject id = access.copy().put("token_use", "id").put("aud", "4example0client0id").put("email", "a@x.test");

    Principal p = v.verify(KEYS.signer().sign(header(null), access));

    assertThat(p.tenant().value()).isEqualTo("clinic-a");
    assertThat(p.roles()).containsExactly("clinician");
    assertThat(p.subject()).isEqualTo("aaaa-1111");
    assertThat(refusal(v, KEYS.signer().sign(header(null), id))).isEqualTo("NOT_ACCESS_TOKEN");
  }

  @Test
  void oktaAccessTokensFromACustomAuthorizationServer() {
    String issuer = "https://example.okta.com/oauth2/default";
    JwtVerifier v = verifier(Map.of("CHARTLINE_AUTH_ISSUER", issuer, "CHARTLINE_AUTH_AUDIENCE", "api://chartline",
        "CHARTLINE_AUTH_ROLES_CLAIM", "groups"));
    JsonObject access = new JsonObject().put("ver", 1).put("jti", "AT.x").put("iss", issuer)
        .put("aud", "api://chartline").put("iat", T).put("exp", T + 3600).put("cid", "0oa1client").put("uid", "00u1")
        .put("sub", "alice@example.com")
        .put("scp", new JsonArray().add("openid")).put("groups", new JsonArray().add("analyst"))
        .put("tenant_id", "clinic-b");
    // an ID token whose audience was (mis)configured to match still carries OIDC-only claims
    JsonObject id = access.copy().put("nonce", "n-1").put("at_hash", "h").put("amr", new JsonArray().add("pwd"));

    Principal p = v.verify(KEYS.signer().sign(header(null), access));

    assertThat(p.tenant().value()).isEqualTo("clinic-b");
    assertThat(p.roles()).containsExactly("analyst");
    assertThat(refusal(v, KEYS.signer().sign(header(null), id))).isEqualTo("NOT_ACCESS_TOKEN");
  }

  @Test
  void auth0AccessTokensWithNamespacedClaims() {
    String issuer = "https://chartline.eu.auth0.com/";
    JwtVerifier v = verifier(Map.of("CHARTLINE_AUTH_ISSUER", issuer,
        "CHARTLINE_AUTH_AUDIENCE", "https://api.chartline.example",
        "CHARTLINE_AUTH_TENANT_CLAIM", "https://chartline.example/tenant_id",
        "CHARTLINE_AUTH_ROLES_CLAIM", "https://chartline.example/roles"));
    JsonObject access = new JsonObject().put("iss", issuer).put("sub", "auth0|abc")
        .put("aud", new JsonArray().add("https://api.chartline.example").add(issuer + "userinfo"))
        .put("iat", T).put("exp", T + 7200).put("azp", "client-1").put("scope", "openid")
        .put("https://chartline.example/tenant_id", "clinic-c")
        .put("https://chartline.example/roles", new JsonArray().add("tenant_admin"));
    JsonObject id = access.copy().put("aud", "https://api.chartline.example").put("nonce", "n-1");

    Principal p = v.verify(KEYS.signer().sign(header("at+jwt"), access));

    assertThat(p.tenant().value()).isEqualTo("clinic-c");
    assertThat(p.roles()).containsExactly("tenant_admin");
    assertThat(p.subject()).isEqualTo("auth0|abc");
    assertThat(refusal(v, KEYS.signer().sign(header("JWT"), id))).isEqualTo("NOT_ACCESS_TOKEN");
    // Auth0's default API token lifetime is 24 h, beyond the 12 h the API accepts: shorten it there
    assertThat(refusal(v, KEYS.signer().sign(header("at+jwt"), access.copy().put("exp", T + 86400))))
        .isEqualTo("TOKEN_LIFETIME_TOO_LONG");
  }

  @Test
  void entraIdV2AccessTokensWithAppRolesAndADirectoryExtension() {
    String issuer = "https://login.microsoftonline.com/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0";
    String tenantClaim = "extension_b7e3c1a04f5d4a8e9c2d1f0e3a4b5c6d_chartlineTenant";
    JwtVerifier v = verifier(Map.of("CHARTLINE_AUTH_ISSUER", issuer,
        "CHARTLINE_AUTH_AUDIENCE", "6e74172b-be56-4843-9ff4-e66a39bb12e3",
        "CHARTLINE_AUTH_TENANT_CLAIM", tenantClaim, "CHARTLINE_AUTH_SUBJECT_CLAIM", "oid"));
    JsonObject access = new JsonObject().put("aud", "6e74172b-be56-4843-9ff4-e66a39bb12e3").put("iss", issuer)
        .put("iat", T).put("nbf", T).put("exp", T + 3600).put("azp", "client-app").put("ver", "2.0")
        .put("oid", "00000000-0000-0000-66f3-3332eca7ea81").put("sub", "pairwise-subject")
        .put("tid", "9188040d-6c67-4c5b-b112-36a304b66dad").put("roles", new JsonArray().add("clinician"))
        .put(tenantClaim, "clinic-d");
    JsonObject id = access.copy().put("nonce", "n-1");

    Principal p = v.verify(KEYS.signer().sign(header("JWT"), access));

    assertThat(p.tenant().value()).isEqualTo("clinic-d");
    assertThat(p.subject()).isEqualTo("00000000-0000-0000-66f3-3332eca7ea81");
    assertThat(p.roles()).containsExactly("clinician");
    assertThat(refusal(v, KEYS.signer().sign(header("JWT"), id))).isEqualTo("NOT_ACCESS_TOKEN");
  }

  @Test
  void keycloakAccessTokensWithRealmRolesEvenWhenTheyCarryANonce() {
    String issuer = "https://id.example.org/realms/chartline";
    JwtVerifier v = verifier(Map.of("CHARTLINE_AUTH_ISSUER", issuer, "CHARTLINE_AUTH_AUDIENCE", "chartline-api",
        "CHARTLINE_AUTH_ROLES_CLAIM", "realm_access.roles", "CHARTLINE_AUTH_ID_TOKEN_CLAIMS", "at_hash,c_hash"));
    JsonObject access = new JsonObject().put("exp", T + 300).put("iat", T).put("jti", "k-1").put("iss", issuer)
        .put("aud", new JsonArray().add("chartline-api").add("account")).put("sub", "f:1:alice").put("typ", "Bearer")
        .put("azp", "chartline-web").put("nonce", "n-1").put("tenant_id", "clinic-e")
        .put("realm_access", new JsonObject().put("roles", new JsonArray().add("auditor").add("offline_access")))
        .put("resource_access", new JsonObject().put("account", new JsonObject().put("roles", new JsonArray())));
    JsonObject id = access.copy().put("typ", "ID").put("at_hash", "h");

    Principal p = v.verify(KEYS.signer().sign(header("JWT"), access));

    assertThat(p.tenant().value()).isEqualTo("clinic-e");
    assertThat(p.roles()).containsExactly("auditor", "offline_access");
    assertThat(refusal(v, KEYS.signer().sign(header("JWT"), id))).isEqualTo("NOT_ACCESS_TOKEN");
    assertThat(refusal(v, KEYS.signer().sign(header("JWT"), access.copy().put("typ", "Refresh"))))
        .isEqualTo("NOT_ACCESS_TOKEN");
  }
}
