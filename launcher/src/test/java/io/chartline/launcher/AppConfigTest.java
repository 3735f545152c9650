package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.ingest.parse.ContentLimits;
import io.chartline.ingest.parse.ParseBudget;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AppConfig.from: a minimal environment gives a working configuration; bad settings fail at startup naming the variable. */
class AppConfigTest {

  static final Map<String, String> MINIMAL = Map.of(
      "CHARTLINE_AUTH_ISSUER", "https://id.example.org/realms/chartline",
      "CHARTLINE_AUTH_AUDIENCE", "chartline-api",
      "CHARTLINE_CRYPTO_MASTER_KEY_FILE", "keys/master.key");

  static AppConfig build(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(MINIMAL);
    env.putAll(overrides);
    return AppConfig.from(new Settings(env), EnumSet.allOf(Role.class));
  }

  static AppConfig build(String key, String value) {
    return build(Map.of(key, value));
  }

  /** Issuer, audience and a master key file alone build a complete configuration with the documented defaults. */
  @Test
  void buildsAValidConfigFromIssuerAndAudienceOnly() {
    AppConfig c = AppConfig.from(new Settings(MINIMAL), Set.of(Role.EMBED));

    assertThat(c.roles()).containsExactly(Role.EMBED);
    assertThat(c.jwt().issuer()).isEqualTo("https://id.example.org/realms/chartline");
    assertThat(c.jwt().audience()).isEqualTo("chartline-api");
    assertThat(c.jwt().algorithms()).containsExactlyInAnyOrder("RS256", "PS256", "ES256");
    assertThat(c.jwt().leeway()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.api().port()).isEqualTo(8080);
    assertThat(c.api().queryTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.db().host()).isEqualTo("127.0.0.1");
    assertThat(c.db().port()).isEqualTo(5432);
    assertThat(c.crypto().provider()).isEqualTo("local");
    assertThat(c.crypto().dataKeyMaxAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.db().vectorDimension()).isEqualTo(384);
    assertThat(c.db().ownerRole()).isEqualTo("chartline_owner");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.kafka().topics().uploaded()).isEqualTo("docs.uploaded.v1");
    assertThat(c.kafka().partitions()).isEqualTo(4);
    assertThat(c.kafka().commitInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.s3().bucket()).isEqualTo("chartline-documents");
    assertThat(c.s3().endpoint()).isNull();
    assertThat(c.s3().pathStyle()).isFalse();
    assertThat(c.groupPrefix()).isEmpty();
    assertThat(c.ingest().groupId()).isEqualTo("chartline-ingest");
    assertThat(c.ingest().chunker().maxTokens()).isEqualTo(256);
    assertThat(c.ingest().chunker().overlapTokens()).isEqualTo(48);
    assertThat(c.ingest().parseBudget().max()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.embed().groupId()).isEqualTo("chartline-embed");
    assertThat(c.query().cacheSize()).isEqualTo(1024);
    assertThat(c.jwksFile()).isNull();
    assertThat(c.efSearch()).isPositive();
    assertThat(c.apiInstances()).isBetween(1, 4);
  }

  /** Settings flow into the typed records: prefix drives topics and groups, an S3 endpoint turns path style on. */
  @Test
  void settingsFlowIntoTheTypedRecords() {
    AppConfig c = build(Map.of("CHARTLINE_KAFKA_TOPIC_PREFIX", "staging.", "CHARTLINE_S3_ENDPOINT",
        "http://127.0.0.1:9000", "CHARTLINE_HTTP_PORT", "9090", "CHARTLINE_CHUNK_MAX_TOKENS", "510",
        "CHARTLINE_QUERY_TIMEOUT", "2500ms"));

    assertThat(c.kafka().topics().chunks()).isEqualTo("staging.docs.chunks.v1");
    assertThat(c.ingest().groupId()).isEqualTo("staging.chartline-ingest");
    assertThat(c.s3().pathStyle()).isTrue();
    assertThat(c.api().port()).isEqualTo(9090);
    assertThat(c.ingest().chunker().maxTokens()).isEqualTo(510);
    assertThat(c.api().queryTimeout()).isEqualTo(Duration.ofMillis(2500));
  }

  /** A missing or blank issuer (or audience) fails naming the variable. */
  @Test
  void missingIssuerFailsNamingTheVariable() {
    assertThatThrownBy(() -> AppConfig.from(new Settings(Map.of("CHARTLINE_AUTH_AUDIENCE", "a")), Set.of(Role.API)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_AUTH_ISSUER");
    assertThatThrownBy(() -> build("CHARTLINE_AUTH_ISSUER", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_AUTH_ISSUER");
    assertThatThrownBy(() -> AppConfig.from(new Settings(Map.of("CHARTLINE_AUTH_ISSUER", "i")), Set.of(Role.API)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_AUTH_AUDIENCE");
  }

  /** Without a JWKS URL or file, keys come from OIDC discovery with the documented refresh defaults. */
  @Test
  void identityDefaultsToOidcDiscoveryWithBoundedRefresh() {
    AppConfig c = build(Map.of());

    assertThat(c.jwks().jwksUri()).isNull();
    assertThat(c.jwks().discoveryUri()).hasToString(
        "https://id.example.org/realms/chartline/.well-known/openid-configuration");
    assertThat(c.jwks().refreshInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.jwks().minRefreshInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.jwks().fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.jwks().allowHttp()).isFalse();
    assertThat(c.jwt().audienceClaim()).isEqualTo("aud");
    assertThat(c.jwt().idTokenClaims()).containsExactlyInAnyOrder("nonce", "at_hash", "c_hash");
    assertThat(c.jwt().acceptsType("at+jwt")).isTrue();
    assertThat(c.jwt().acceptsType("id_token+jwt")).isFalse();
  }

  /** Claim names, token types, ID-token markers and JWKS timings flow from their variables. */
  @Test
  void identitySettingsFlowIntoThePolicy() {
    AppConfig c = build(Map.of("CHARTLINE_AUTH_JWKS_URL", "https://idp.example.org/keys",
        "CHARTLINE_AUTH_JWKS_REFRESH", "1h", "CHARTLINE_AUTH_JWKS_MIN_REFRESH", "5s",
        "CHARTLINE_AUTH_JWKS_TIMEOUT", "2s", "CHARTLINE_AUTH_AUDIENCE_CLAIM", "client_id",
        "CHARTLINE_AUTH_ROLES_CLAIM", "realm_access.roles", "CHARTLINE_AUTH_TENANT_CLAIM", "custom:tenant_id",
        "CHARTLINE_AUTH_TOKEN_TYPES", "JWT", "CHARTLINE_AUTH_ID_TOKEN_CLAIMS", "none",
        "CHARTLINE_AUTH_ALGORITHMS", "ES256"));

    assertThat(c.jwks().jwksUri()).hasToString("https://idp.example.org/keys");
    assertThat(c.jwks().refreshInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(c.jwks().minRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.jwks().fetchTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.jwt().audienceClaim()).isEqualTo("client_id");
    assertThat(c.jwt().rolesClaim()).isEqualTo("realm_access.roles");
    assertThat(c.jwt().tenantClaim()).isEqualTo("custom:tenant_id");
    assertThat(c.jwt().acceptsType("at+jwt")).isFalse();
    assertThat(c.jwt().idTokenClaims()).isEmpty();
    assertThat(c.jwt().algorithms()).containsExactly("ES256");
  }

  /** Keys fetched in clear text could be swapped on the way: http only for loopback or when explicitly allowed. */
  @Test
  void insecureOrContradictoryKeySourcesFailNamingTheVariable() {
    assertThatThrownBy(() -> build("CHARTLINE_AUTH_JWKS_URL", "http://idp.example.org/keys"))
        .hasMessageContaining("CHARTLINE_AUTH_JWKS_URL").hasMessageContaining("https");
    assertThat(build(Map.of("CHARTLINE_AUTH_JWKS_URL", "http://idp.internal/keys",
        "CHARTLINE_AUTH_JWKS_ALLOW_HTTP", "true")).jwks().allowHttp()).isTrue();
    assertThat(build("CHARTLINE_AUTH_JWKS_URL", "http://127.0.0.1:8081/keys").jwks().jwksUri()).hasPort(8081);
    assertThatThrownBy(() -> build("CHARTLINE_AUTH_JWKS_URL", "idp keys"))
        .hasMessageContaining("CHARTLINE_AUTH_JWKS_URL");
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_AUTH_JWKS_URL", "https://idp.example.org/keys",
        "CHARTLINE_AUTH_JWKS_FILE", "jwks.json"))).hasMessageContaining("CHARTLINE_AUTH_JWKS_FILE");
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_AUTH_JWKS_REFRESH", "1m",
        "CHARTLINE_AUTH_JWKS_MIN_REFRESH", "5m"))).hasMessageContaining("CHARTLINE_AUTH_JWKS_MIN_REFRESH");
    assertThatThrownBy(() -> build("CHARTLINE_AUTH_ALGORITHMS", "RS256,HS256"))
        .hasMessageContaining("CHARTLINE_AUTH_ALGORITHMS");
    assertThatThrownBy(() -> build("CHARTLINE_AUTH_ALGORITHMS", "none"))
        .hasMessageContaining("CHARTLINE_AUTH_ALGORITHMS");
  }

  /** A port that is not a number fails naming the variable. */
  @Test
  void aNonNumericPortFailsNamingTheVariable() {
    assertThatThrownBy(() -> build("CHARTLINE_HTTP_PORT", "http"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_HTTP_PORT");
    assertThatThrownBy(() -> build("CHARTLINE_DB_PORT", "5432/tcp"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_DB_PORT");
  }

  /** A port outside 0..65535 (HTTP) or 1..65535 (database) fails naming the variable and quoting the value. */
  @ParameterizedTest
  @ValueSource(strings = {"CHARTLINE_HTTP_PORT=70000", "CHARTLINE_HTTP_PORT=-1", "CHARTLINE_DB_PORT=0",
      "CHARTLINE_DB_PORT=65536"})
  void anOutOfRangePortFailsNamingTheVariable(String setting) {
    String[] kv = setting.split("=");
    assertThatThrownBy(() -> build(kv[0], kv[1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(kv[0]).hasMessageEndingWith(kv[1]);
  }

  /** Chunks larger than the model input (512 tokens incl. [CLS]/[SEP]) fail naming CHARTLINE_CHUNK_MAX_TOKENS. */
  @ParameterizedTest
  @ValueSource(strings = {"511", "600", "4096"})
  void chunksLargerThanTheModelInputFailNamingTheVariable(String maxTokens) {
    assertThatThrownBy(() -> build("CHARTLINE_CHUNK_MAX_TOKENS", maxTokens))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_CHUNK_MAX_TOKENS");
  }

  /** An invalid bucket name fails naming the variable and quoting the name. */
  @ParameterizedTest
  @ValueSource(strings = {"Chartline_Documents", "ab", "-bucket", "bucket-", "my bucket"})
  void anInvalidBucketNameFailsNamingTheVariable(String bucket) {
    assertThatThrownBy(() -> build("CHARTLINE_S3_BUCKET", bucket))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_S3_BUCKET")
        .hasMessageEndingWith(bucket);
  }

  /** Malformed typed values elsewhere (duration, boolean) also fail naming their variable. */
  @Test
  void otherMalformedValuesFailNamingTheVariable() {
    assertThatThrownBy(() -> build("CHARTLINE_QUERY_TIMEOUT", "10 seconds"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_QUERY_TIMEOUT");
    assertThatThrownBy(() -> build("CHARTLINE_DB_SSL", "yes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_DB_SSL");
    assertThatThrownBy(() -> build("CHARTLINE_PARSE_BUDGET", "0s"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_PARSE_BUDGET");
  }

  /**
   * Parsing defaults keep one tenant from taking every worker: at least two workers, a per-tenant
   * cap below the worker count, a queue as deep as the ingest consumer's window, a budget that
   * follows the document's size and pages up to one minute, and the calibrated content limits.
   */
  @Test
  void parsingDefaultsShareWorkersBetweenTenantsAndBoundEachDocument() {
    AppConfig c = build(Map.of());

    assertThat(c.parseQueue().workers()).isGreaterThanOrEqualTo(2);
    assertThat(c.parseQueue().maxWorkersPerTenant()).isPositive().isLessThan(c.parseQueue().workers());
    assertThat(c.parseQueue().capacity()).isEqualTo(4 * 4 + 50);
    assertThat(c.ingest().parseBudget()).isEqualTo(new ParseBudget(Duration.ofSeconds(2),
        Duration.ofMillis(5), Duration.ofSeconds(2), Duration.ofSeconds(60)));
    assertThat(c.ingest().contentLimits()).isEqualTo(ContentLimits.defaults());
    assertThat(c.ingest().contentLimits().maxPageOperators()).isEqualTo(1_000_000);
    assertThat(c.ingest().pdf().budget()).isEqualTo(c.ingest().parseBudget());
  }

  /** Parse settings flow into the typed records; a maximum below the default base lowers the base with it. */
  @Test
  void parseSettingsFlowIntoTheTypedRecords() {
    AppConfig c = build(Map.of("CHARTLINE_PARSE_THREADS", "6", "CHARTLINE_PARSE_TENANT_THREADS", "2",
        "CHARTLINE_PARSE_QUEUE", "12", "CHARTLINE_PARSE_BUDGET", "1500ms", "CHARTLINE_PARSE_BUDGET_PER_PAGE", "1ms",
        "CHARTLINE_PARSE_MAX_PAGE_OPERATORS", "5000", "CHARTLINE_PARSE_MAX_CONTENT_REUSE", "0"));

    assertThat(c.parseQueue().workers()).isEqualTo(6);
    assertThat(c.parseQueue().maxWorkersPerTenant()).isEqualTo(2);
    assertThat(c.parseQueue().capacity()).isEqualTo(12);
    assertThat(c.ingest().parseBudget().max()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.ingest().parseBudget().base()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.ingest().parseBudget().perPage()).isEqualTo(Duration.ofMillis(1));
    assertThat(c.ingest().contentLimits().maxPageOperators()).isEqualTo(5000);
    assertThat(c.ingest().contentLimits().maxContentReuse()).isZero();
    assertThat(build("CHARTLINE_PARSE_THREADS", "1").parseQueue().maxWorkersPerTenant()).isEqualTo(1);
  }

  /** Contradictory or out-of-range parse settings fail at startup naming the variable. */
  @Test
  void badParseSettingsFailNamingTheVariable() {
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_PARSE_THREADS", "2", "CHARTLINE_PARSE_TENANT_THREADS", "3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_PARSE_TENANT_THREADS");
    assertThatThrownBy(() -> build("CHARTLINE_PARSE_THREADS", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_PARSE_THREADS");
    assertThatThrownBy(() -> build("CHARTLINE_PARSE_QUEUE", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_PARSE_QUEUE");
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_PARSE_BUDGET", "10s", "CHARTLINE_PARSE_BUDGET_BASE", "20s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_PARSE_BUDGET_BASE");
    assertThatThrownBy(() -> build("CHARTLINE_PARSE_MAX_PAGE_GLYPHS", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_PARSE_MAX_PAGE_GLYPHS");
    assertThatThrownBy(() -> build("CHARTLINE_PARSE_MAX_OPERATIONS_PER_BYTE", "many"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_PARSE_MAX_OPERATIONS_PER_BYTE");
  }

  /** Encryption is never off by accident: without a master key file the local provider refuses to start. */
  @Test
  void theLocalKeyringNeedsAMasterKeyFileAndUnknownProvidersAreRefused() {
    Map<String, String> noKey = new HashMap<>(MINIMAL);
    noKey.remove("CHARTLINE_CRYPTO_MASTER_KEY_FILE");
    assertThatThrownBy(() -> AppConfig.from(new Settings(noKey), Set.of(Role.API)))
        .hasMessageContaining("CHARTLINE_CRYPTO_MASTER_KEY_FILE");
    assertThatThrownBy(() -> build("CHARTLINE_CRYPTO_PROVIDER", "rot13"))
        .hasMessageContaining("CHARTLINE_CRYPTO_PROVIDER");
    assertThat(build("CHARTLINE_CRYPTO_PROVIDER", "none").crypto().enabled()).isFalse();
  }
}
