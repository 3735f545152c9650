package io.chartline.launcher;

import io.chartline.api.AnswerStream;
import io.chartline.api.ApiConfig;
import io.chartline.api.BreakGlass;
import io.chartline.api.ClientDeadlines;
import io.chartline.api.RateLimits;
import io.chartline.api.RequestLimits;
import io.chartline.api.SourceLimits;
import io.chartline.api.admin.TenantDeletion;
import io.chartline.common.auth.RolePermissions;
import io.chartline.pg.DbSettings;
import io.chartline.common.events.Topics;
import io.chartline.common.kafka.KafkaSettings;
import io.chartline.common.kafka.TopicConfigs;
import io.chartline.common.query.QueryLinkSettings;
import io.chartline.common.kafka.RecordKeySettings;
import io.chartline.embed.EmbedConfig;
import io.chartline.esdk.CryptoSettings;
import io.chartline.esdk.KmsSettings;
import io.chartline.ingest.IngestConfig;
import io.chartline.ingest.parse.ContentLimits;
import io.chartline.ingest.parse.ParseBudget;
import io.chartline.ingest.schedule.ParseQueueConfig;
import io.chartline.jwt.JwksSettings;
import io.chartline.jwt.JwtPolicy;
import io.chartline.onnx.OnnxEmbedderConfig;
import io.chartline.query.QueryConfig;
import io.chartline.s3.S3Settings;
import io.chartline.sqs.SqsSettings;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every component's typed configuration, built and validated in one place from {@link Settings}.
 * Contradictory or malformed settings fail here, at startup, naming the variable.
 */
public record AppConfig(Set<Role> roles, String groupPrefix, ApiConfig api, int apiInstances, DbSettings db,
    KafkaSettings kafka, S3Settings s3, JwtPolicy jwt, Path jwksFile, JwksSettings jwks, OnnxEmbedderConfig onnx,
    int inferenceThreads, ParseQueueConfig parseQueue, IngestConfig ingest, EmbedConfig embed, QueryConfig query, int efSearch,
    Path workDir, CryptoSettings crypto, RolePermissions rolePermissions, BreakGlass.Settings breakGlass,
    RecordKeySettings recordKeys, TenantDeletion.Settings deletion, EmbedderSettings embedder,
    GeneratorSettings generator, AnswerStream.Settings answerStream, SqsSettings sqs, int healthPort,
    TopicConfigs topicConfigs, QueryLinkSettings queryLink, boolean sharedRateLimits) {

  /** @return bytes of just-stored uploads a node with api and ingest holds for ingest ({@code CHARTLINE_S3_HANDOFF_BYTES}) */
  public long handOffBytes() {
    return s3.handOffBytes();
  }

  /** @return the region the object store is in, named in the upload events the api role publishes */
  public String objectStoreRegion() {
    return s3.region();
  }

  private static boolean s3Checksums(String value) {
    return switch (value) {
      case "required" -> false;
      case "always" -> true;
      default -> throw new IllegalArgumentException("CHARTLINE_S3_CHECKSUMS must be 'required' or 'always'");
    };
  }

  private static short replication(int value) {
    if (value < 1 || value > Short.MAX_VALUE) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_REPLICATION must be between 1 and " + Short.MAX_VALUE);
    }
    return (short) value;
  }

  /** The API's settings, its limits included; the header limit must leave room for the largest token. */
  private static ApiConfig api(Settings s, JwtPolicy jwt) {
    ApiConfig d = ApiConfig.defaults(s.str("CHARTLINE_HTTP_HOST", "0.0.0.0"), s.integer("CHARTLINE_HTTP_PORT", 8080));
    RequestLimits l = d.limits();
    RequestLimits limits = new RequestLimits(s.integer("CHARTLINE_HTTP_MAX_HEADER_BYTES", l.maxHeaderBytes()),
        s.integer("CHARTLINE_HTTP_MAX_HEADERS", l.maxHeaderCount()),
        s.integer("CHARTLINE_HTTP_MAX_REQUEST_LINE_BYTES", l.maxRequestLineBytes()),
        s.integer("CHARTLINE_JSON_MAX_DEPTH", l.maxJsonDepth()),
        s.integer("CHARTLINE_JSON_MAX_STRING_CHARS", l.maxJsonStringChars()),
        s.integer("CHARTLINE_LIST_MAX_OFFSET", l.maxListOffset()),
        s.duration("CHARTLINE_HTTP_REQUEST_TIMEOUT", l.requestTimeout()),
        s.duration("CHARTLINE_HTTP_IDLE_TIMEOUT", l.idleTimeout()));
    if (limits.maxHeaderBytes() < jwt.maxTokenBytes() + 1024) {
      throw new IllegalArgumentException("CHARTLINE_HTTP_MAX_HEADER_BYTES (" + limits.maxHeaderBytes()
          + ") must leave room for a bearer token of " + jwt.maxTokenBytes() + " bytes and 1 KiB of other headers");
    }
    RateLimits r = d.rates();
    RateLimits rates = new RateLimits(decimal(s, "CHARTLINE_RATE_TENANT_RPS", r.tenantPerSecond()),
        s.integer("CHARTLINE_RATE_TENANT_BURST", r.tenantBurst()),
        decimal(s, "CHARTLINE_RATE_USER_RPS", r.userPerSecond()), s.integer("CHARTLINE_RATE_USER_BURST", r.userBurst()),
        s.integer("CHARTLINE_RATE_MAX_KEYS", r.maxTrackedKeys()));
    long maxUploadBytes = s.longValue("CHARTLINE_UPLOAD_MAX_BYTES", d.maxUploadBytes());
    return new ApiConfig(d.host(), d.port(), maxUploadBytes,
        s.integer("CHARTLINE_JSON_MAX_BYTES", d.maxJsonBytes()), s.integer("CHARTLINE_SEARCH_MAX_TOP_K", d.maxTopK()),
        d.defaultTopK(), s.integer("CHARTLINE_LIST_MAX_PAGE_SIZE", d.maxPageSize()),
        s.integer("CHARTLINE_QUERY_MAX_CHARS", d.maxQueryChars()),
        s.duration("CHARTLINE_QUERY_TIMEOUT", d.queryTimeout()), d.uploadContentTypes(), limits, rates,
        deadlines(s, maxUploadBytes), sources(s));
  }

  /** Slow-client deadlines; the body deadline defaults to one derived from the upload size limit. */
  private static ClientDeadlines deadlines(Settings s, long maxUploadBytes) {
    ClientDeadlines d = ClientDeadlines.defaults(maxUploadBytes);
    Duration grace = s.duration("CHARTLINE_HTTP_BODY_GRACE", d.bodyGrace());
    return new ClientDeadlines(s.duration("CHARTLINE_HTTP_HEADER_TIMEOUT", d.headerTimeout()),
        s.duration("CHARTLINE_HTTP_KEEP_ALIVE_TIMEOUT", d.keepAliveTimeout()), grace,
        s.integer("CHARTLINE_HTTP_BODY_MIN_RATE", d.bodyMinBytesPerSecond()),
        s.duration("CHARTLINE_HTTP_BODY_TIMEOUT", ClientDeadlines.bodyTimeoutFor(maxUploadBytes, grace)));
  }

  /** Per-source limits on unauthenticated requests, and the trusted proxies that name a source. */
  private static SourceLimits sources(Settings s) {
    SourceLimits d = SourceLimits.defaults();
    String proxies = s.str("CHARTLINE_HTTP_TRUSTED_PROXIES", "");
    List<String> trusted = new ArrayList<>();
    for (String entry : proxies.split(",")) {
      if (!entry.isBlank()) {
        trusted.add(entry.trim());
      }
    }
    return new SourceLimits(decimal(s, "CHARTLINE_RATE_UNAUTHENTICATED_RPS", d.perSecond()),
        s.integer("CHARTLINE_RATE_UNAUTHENTICATED_BURST", d.burst()),
        s.integer("CHARTLINE_RATE_MAX_SOURCES", d.maxSources()),
        s.duration("CHARTLINE_AUDIT_AUTH_FAILURE_WINDOW", d.auditWindow()), trusted);
  }

  private static double decimal(Settings s, String key, double dflt) {
    String v = s.str(key, null);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
    }
  }

  /**
   * A serving node's database settings: the application and audit roles. The schema owner is
   * named (migrations write grants to it) but its password is never read here.
   */
  public static DbSettings database(Settings s) {
    return new DbSettings(
        s.str("CHARTLINE_DB_HOST", "127.0.0.1"), s.integer("CHARTLINE_DB_PORT", 5432),
        s.str("CHARTLINE_DB_NAME", "chartline"), s.str("CHARTLINE_DB_OWNER_USER", "chartline_owner"),
        new DbSettings.Credentials(s.str("CHARTLINE_DB_APP_USER", "chartline_app"),
            s.str("CHARTLINE_DB_APP_PASSWORD", "")),
        new DbSettings.Credentials(s.str("CHARTLINE_DB_AUDIT_USER", "chartline_audit"),
            s.str("CHARTLINE_DB_AUDIT_PASSWORD", "")),
        s.integer("CHARTLINE_DB_POOL_SIZE", 8), s.integer("CHARTLINE_EMBEDDING_DIMENSION", 384),
        DbSecurity.tls(s), DbSecurity.auth(s));
  }

  /** The schema owner's credentials, for the migration step ({@code chartline migrate}) only. */
  public static DbSettings.Credentials migrationCredentials(Settings s) {
    return new DbSettings.Credentials(s.str("CHARTLINE_DB_OWNER_USER", "chartline_owner"),
        s.str("CHARTLINE_DB_OWNER_PASSWORD", ""));
  }

  public static AppConfig from(Settings s, Set<Role> roles) {
    DbSettings db = database(s);
    KafkaSettings kafka = new KafkaSettings(s.str("CHARTLINE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        new Topics(s.str("CHARTLINE_KAFKA_TOPIC_PREFIX", "")),
        s.integer("CHARTLINE_KAFKA_PARTITIONS", 4), replication(s.integer("CHARTLINE_KAFKA_REPLICATION", 1)),
        s.duration("CHARTLINE_KAFKA_MAX_BLOCK", Duration.ofSeconds(5)),
        s.duration("CHARTLINE_KAFKA_DELIVERY_TIMEOUT", Duration.ofSeconds(30)),
        s.integer("CHARTLINE_KAFKA_MAX_POLL_RECORDS", 50),
        s.duration("CHARTLINE_KAFKA_COMMIT_INTERVAL", Duration.ofMillis(500)),
        s.str("CHARTLINE_KAFKA_COMPRESSION", "none"), KafkaClientProperties.from(s));
    String endpoint = s.str("CHARTLINE_S3_ENDPOINT", null);
    S3Settings s3 = new S3Settings(endpoint == null ? null : URI.create(endpoint),
        s.str("CHARTLINE_S3_REGION", "us-east-1"), s.str("CHARTLINE_S3_BUCKET", "chartline-documents"),
        s.str("CHARTLINE_S3_ACCESS_KEY", null), s.str("CHARTLINE_S3_SECRET_KEY", null),
        s.bool("CHARTLINE_S3_PATH_STYLE", endpoint != null), s3Checksums(s.str("CHARTLINE_S3_CHECKSUMS", "required")),
        s.longValue("CHARTLINE_S3_HANDOFF_BYTES", 64L * 1024 * 1024));
    JwtPolicy jwt = jwtPolicy(s);
    String jwksPath = s.str("CHARTLINE_AUTH_JWKS_FILE", null);
    Path jwksFile = jwksPath == null ? null : Path.of(jwksPath);
    JwksSettings jwks = jwksSettings(s, jwt.issuer(), jwksFile != null);
    ApiConfig api = api(s, jwt);
    OnnxEmbedderConfig onnxDefaults = OnnxEmbedderConfig.defaults();
    OnnxEmbedderConfig onnx = new OnnxEmbedderConfig(onnxDefaults.maxSequenceLength(),
        s.integer("CHARTLINE_EMBED_MAX_BATCH", onnxDefaults.maxBatchSize()),
        s.integer("CHARTLINE_EMBED_MAX_BATCH_TOKENS", onnxDefaults.maxBatchTokens()), 1);
    int cores = Runtime.getRuntime().availableProcessors();
    String groups = s.str("CHARTLINE_KAFKA_GROUP_PREFIX", kafka.topics().prefix());
    IngestConfig ingest = IngestConfig.from(groups + "chartline-ingest",
        s.integer("CHARTLINE_CHUNK_MAX_TOKENS", 256), s.integer("CHARTLINE_CHUNK_OVERLAP_TOKENS", 48),
        api.maxUploadBytes(), parseBudget(s), s.integer("CHARTLINE_PARSE_MAX_PAGES", 2000), contentLimits(s));
    if (ingest.chunker().maxTokens() + 2 > onnx.maxSequenceLength()) {
      throw new IllegalArgumentException("CHARTLINE_CHUNK_MAX_TOKENS must leave room for the model's "
          + onnx.maxSequenceLength() + "-token input (2 special tokens)");
    }
    return new AppConfig(roles, groups, api, s.integer("CHARTLINE_API_INSTANCES", Math.max(1, Math.min(cores, 4))), db,
        kafka, s3, jwt, jwksFile, jwks,
        onnx, s.integer("CHARTLINE_INFERENCE_THREADS", Math.max(1, cores)),
        parseQueue(s, cores, kafka, ingest), ingest,
        new EmbedConfig(groups + "chartline-embed",
            s.integer("CHARTLINE_EMBED_MAX_IN_FLIGHT", 16)),
        new QueryConfig(s.decimal("CHARTLINE_QUERY_MIN_SCORE", QueryConfig.CALIBRATED_MIN_SCORE),
            s.integer("CHARTLINE_QUERY_CACHE_SIZE", 1024), 8, 3),
        s.integer("CHARTLINE_SEARCH_EF", 100),
        Path.of(s.str("CHARTLINE_WORK_DIR", System.getProperty("java.io.tmpdir"))),
        crypto(s), rolePermissions(s), new BreakGlass.Settings(
            s.duration("CHARTLINE_BREAK_GLASS_DEFAULT", BreakGlass.Settings.defaults().defaultDuration()),
            s.duration("CHARTLINE_BREAK_GLASS_MAX", BreakGlass.Settings.defaults().maxDuration())),
        recordKeys(s), deletion(s),
        EmbedderSettings.from(s, db.vectorDimension(), roles.contains(Role.EMBED) || roles.contains(Role.QUERY)),
        GeneratorSettings.from(s), answerStream(s, api), Services.sqs(s, s3), Services.healthPort(s),
        Services.topicConfigs(s), queryLink(s, roles), Services.sharedRateLimits(s));
  }

  /** A query role without the api role serves only through the link: it needs a port. */
  private static QueryLinkSettings queryLink(Settings s, Set<Role> roles) {
    QueryLinkSettings link = Services.queryLink(s);
    if (roles.contains(Role.QUERY) && !roles.contains(Role.API) && !link.serves()) {
      throw new IllegalArgumentException("the query role without the api role serves api nodes over the query link: "
          + "set CHARTLINE_QUERY_PORT (and CHARTLINE_QUERY_LINK_KEYS)");
    }
    return link;
  }

  /** Streamed answers: the stream must outlast the heartbeat, and the heartbeat must beat the idle timeout. */
  private static AnswerStream.Settings answerStream(Settings s, ApiConfig api) {
    AnswerStream.Settings d = AnswerStream.Settings.defaults();
    AnswerStream.Settings settings = new AnswerStream.Settings(s.duration("CHARTLINE_QUERY_STREAM_TIMEOUT", d.timeout()),
        s.duration("CHARTLINE_QUERY_STREAM_HEARTBEAT", d.heartbeat()));
    if (settings.heartbeat().compareTo(api.limits().idleTimeout()) >= 0) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_STREAM_HEARTBEAT (" + settings.heartbeat()
          + ") must be shorter than CHARTLINE_HTTP_IDLE_TIMEOUT (" + api.limits().idleTimeout() + ")");
    }
    return settings;
  }

  private static RecordKeySettings recordKeys(Settings s) {
    String file = s.str("CHARTLINE_RECORD_KEY_FILE", null);
    return new RecordKeySettings(s.str("CHARTLINE_RECORD_KEYS", null), file == null ? null : Path.of(file));
  }

  private static TenantDeletion.Settings deletion(Settings s) {
    TenantDeletion.Settings d = TenantDeletion.Settings.defaults();
    return new TenantDeletion.Settings(s.duration("CHARTLINE_DELETION_OBJECT_TIMEOUT", d.objectTimeout()),
        s.integer("CHARTLINE_DELETION_OBJECT_ATTEMPTS", d.objectAttempts()),
        s.duration("CHARTLINE_DELETION_RETRY", d.retryInterval()));
  }

  /**
   * Per-document parse budget: the maximum, and the base, per-page and per-MiB allowances below it.
   * A maximum set below the default base lowers the default base with it.
   */
  private static ParseBudget parseBudget(Settings s) {
    ParseBudget d = ParseBudget.defaults();
    Duration max = s.duration("CHARTLINE_PARSE_BUDGET", d.max());
    Duration base = max.compareTo(d.base()) < 0 && !max.isNegative() && !max.isZero() ? max : d.base();
    return new ParseBudget(s.duration("CHARTLINE_PARSE_BUDGET_BASE", base),
        s.duration("CHARTLINE_PARSE_BUDGET_PER_PAGE", d.perPage()),
        s.duration("CHARTLINE_PARSE_BUDGET_PER_MIB", d.perMiB()), max);
  }

  private static ContentLimits contentLimits(Settings s) {
    ContentLimits d = ContentLimits.defaults();
    return new ContentLimits(s.longValue("CHARTLINE_PARSE_MAX_PAGE_OPERATORS", d.maxPageOperators()),
        s.longValue("CHARTLINE_PARSE_MAX_PAGE_GLYPHS", d.maxPageGlyphs()),
        s.integer("CHARTLINE_PARSE_MAX_OPERATIONS_PER_BYTE", d.maxOperationsPerByte()), d.minDocumentOperations(),
        s.integer("CHARTLINE_PARSE_MAX_CONTENT_REUSE", d.maxContentReuse()), d.minReusedBytes());
  }

  /**
   * Parse workers and their sharing between tenants. The queue holds by default everything the
   * ingest consumer can have in flight (every partition's window plus one poll), so it refuses
   * nothing unless set lower.
   */
  private static ParseQueueConfig parseQueue(Settings s, int cores, KafkaSettings kafka, IngestConfig ingest) {
    int workers = s.integer("CHARTLINE_PARSE_THREADS", ParseQueueConfig.defaultWorkers(cores));
    int perTenant = s.integer("CHARTLINE_PARSE_TENANT_THREADS", ParseQueueConfig.defaultPerTenant(Math.max(1, workers)));
    int inFlight = kafka.partitions() * ingest.maxInFlightPerPartition() + kafka.maxPollRecords();
    return new ParseQueueConfig(workers, perTenant, s.integer("CHARTLINE_PARSE_QUEUE", inFlight));
  }

  /** The role table: {@code CHARTLINE_AUTH_ROLES_FILE} (JSON, see {@link RolePermissions}) or the shipped one. */
  static RolePermissions rolePermissions(Settings s) {
    String file = s.str("CHARTLINE_AUTH_ROLES_FILE", null);
    if (file == null || file.isBlank()) {
      return RolePermissions.defaults();
    }
    try {
      return RolePermissions.fromJson(new JsonObject(Files.readString(Path.of(file))));
    } catch (IOException e) {
      throw new IllegalArgumentException("CHARTLINE_AUTH_ROLES_FILE cannot be read: " + e.getClass().getSimpleName());
    } catch (DecodeException e) {
      throw new IllegalArgumentException("CHARTLINE_AUTH_ROLES_FILE is not a JSON object");
    }
  }

  private static JwtPolicy jwtPolicy(Settings s) {
    JwtPolicy d = JwtPolicy.defaults(s.required("CHARTLINE_AUTH_ISSUER"), s.required("CHARTLINE_AUTH_AUDIENCE"));
    return new JwtPolicy(d.issuer(), d.audience(), list(s, "CHARTLINE_AUTH_ALGORITHMS", d.algorithms()),
        s.duration("CHARTLINE_AUTH_LEEWAY", d.leeway()),
        s.str("CHARTLINE_AUTH_TENANT_CLAIM", d.tenantClaim()),
        s.str("CHARTLINE_AUTH_ROLES_CLAIM", d.rolesClaim()),
        s.str("CHARTLINE_AUTH_SUBJECT_CLAIM", d.subjectClaim()), d.maxTokenBytes(),
        s.str("CHARTLINE_AUTH_AUDIENCE_CLAIM", d.audienceClaim()),
        list(s, "CHARTLINE_AUTH_TOKEN_TYPES", d.tokenTypes()),
        list(s, "CHARTLINE_AUTH_ID_TOKEN_CLAIMS", d.idTokenClaims()),
        s.str("CHARTLINE_AUTH_PATIENT_CLAIM", d.patientClaim()),
        s.str("CHARTLINE_AUTH_SCOPE_CLAIM", d.scopeClaim()),
        maxTokenLifetime(s),
        s.duration("CHARTLINE_AUTH_MAX_TOKEN_AGE", d.maxAge()));
  }

  /** The longest token lifetime the API accepts ({@code CHARTLINE_AUTH_MAX_TOKEN_LIFETIME}; zero: no limit). */
  public static Duration maxTokenLifetime(Settings s) {
    return s.duration("CHARTLINE_AUTH_MAX_TOKEN_LIFETIME", JwtPolicy.DEFAULT_MAX_LIFETIME);
  }

  /** A comma-separated set; {@code none} is the empty set. */
  private static Set<String> list(Settings s, String key, Set<String> dflt) {
    String v = s.str(key, null);
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("none")) {
      return Set.of();
    }
    Set<String> out = new HashSet<>(Arrays.asList(v.split("\\s*,\\s*")));
    out.remove("");
    return out;
  }

  private static JwksSettings jwksSettings(Settings s, String issuer, boolean jwksFile) {
    String url = s.str("CHARTLINE_AUTH_JWKS_URL", null);
    if (url != null && jwksFile) {
      throw new IllegalArgumentException("CHARTLINE_AUTH_JWKS_URL and CHARTLINE_AUTH_JWKS_FILE are both set; "
          + "keep one");
    }
    URI jwksUri;
    try {
      jwksUri = url == null ? null : new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("CHARTLINE_AUTH_JWKS_URL is not a URL, got '" + url + "'");
    }
    return new JwksSettings(issuer, jwksUri,
        s.duration("CHARTLINE_AUTH_JWKS_REFRESH", JwksSettings.DEFAULT_REFRESH),
        s.duration("CHARTLINE_AUTH_JWKS_MIN_REFRESH", JwksSettings.DEFAULT_MIN_REFRESH),
        s.duration("CHARTLINE_AUTH_JWKS_TIMEOUT", JwksSettings.DEFAULT_TIMEOUT),
        JwksSettings.DEFAULT_MAX_DOCUMENT_BYTES, s.bool("CHARTLINE_AUTH_JWKS_ALLOW_HTTP", false));
  }

  private static CryptoSettings crypto(Settings s) {
    String provider = s.str("CHARTLINE_CRYPTO_PROVIDER", "local");
    String kmsEndpoint = s.str("CHARTLINE_KMS_ENDPOINT", null);
    KmsSettings kms = !provider.equals(CryptoSettings.KMS) ? null : new KmsSettings(
        s.str("CHARTLINE_KMS_REGION", s.str("CHARTLINE_S3_REGION", "us-east-1")),
        kmsEndpoint == null ? null : URI.create(kmsEndpoint), s.str("CHARTLINE_KMS_ACCESS_KEY", null),
        s.str("CHARTLINE_KMS_SECRET_KEY", null), s.str("CHARTLINE_KMS_ALIAS_PREFIX", "chartline"));
    String master = s.str("CHARTLINE_CRYPTO_MASTER_KEY_FILE", null);
    CryptoSettings d = CryptoSettings.local(Path.of("unused"));
    return new CryptoSettings(provider, master == null ? null : Path.of(master),
        s.duration("CHARTLINE_CRYPTO_DATA_KEY_MAX_AGE", d.dataKeyMaxAge()),
        s.longValue("CHARTLINE_CRYPTO_DATA_KEY_MESSAGES", d.dataKeyMessageLimit()),
        s.duration("CHARTLINE_CRYPTO_KEY_REFRESH", d.keyRefresh()),
        s.integer("CHARTLINE_CRYPTO_CACHE_CAPACITY", d.cacheCapacity()), kms);
  }
}
