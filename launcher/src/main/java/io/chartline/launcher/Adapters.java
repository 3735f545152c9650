package io.chartline.launcher;

import com.amazonaws.encryptionsdk.AwsCrypto;
import io.chartline.bedrock.embed.TitanEmbedders;
import io.chartline.bedrock.generate.ClaudeGenerators;
import io.chartline.common.admin.KeyRotationStore;
import io.chartline.common.admin.TenantDeletionStore;
import io.chartline.common.audit.AuditLog;
import io.chartline.common.auth.BreakGlassStore;
import io.chartline.common.auth.TokenVerifier;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.KeyVersions;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.embed.Embedder;
import io.chartline.common.generate.Generator;
import io.chartline.common.intake.ObjectEventSource;
import io.chartline.common.intake.ObjectSourceStore;
import io.chartline.common.limits.SharedRateLimits;
import io.chartline.common.store.ChunkStore;
import io.chartline.common.store.DocumentStore;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.TenantDirectory;
import io.chartline.common.tenant.TenantId;
import io.chartline.common.text.TokenCounter;
import io.chartline.esdk.CryptoSettings;
import io.chartline.esdk.EsdkKeyBackend;
import io.chartline.esdk.EsdkTenantCrypto;
import io.chartline.esdk.KmsKeyBackend;
import io.chartline.esdk.LocalKeyBackend;
import io.chartline.jwt.JwksKeySource;
import io.chartline.jwt.JwtVerifier;
import io.chartline.jwt.KeySet;
import io.chartline.jwt.KeySource;
import io.chartline.onnx.OnnxEmbedder;
import io.chartline.onnx.OnnxRuntime;
import io.chartline.onnx.WordPieceTokenizer;
import io.chartline.pg.DbSettings;
import io.chartline.pg.Migrator;
import io.chartline.pg.PgAuditLog;
import io.chartline.pg.PgBreakGlassStore;
import io.chartline.pg.PgChunkStore;
import io.chartline.pg.PgDocumentStore;
import io.chartline.pg.PgKeyRotationStore;
import io.chartline.pg.PgKeyVersions;
import io.chartline.pg.PgObjectSourceStore;
import io.chartline.pg.PgPools;
import io.chartline.pg.PgRateLimits;
import io.chartline.pg.PgTenantDeletionStore;
import io.chartline.pg.PgTenantDirectory;
import io.chartline.pg.ServingRoleCheck;
import io.chartline.query.ExtractiveGenerator;
import io.chartline.s3.S3ObjectStore;
import io.chartline.sqs.SqsObjectEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one place that names adapter implementations: everything else in the node holds ports
 * ({@link Embedder}, {@link TokenCounter}, …). Each adapter is built only for the roles that use
 * it, so a node without the embed or query role never loads an embedding runtime.
 */
final class Adapters {

  private final AppConfig config;

  Adapters(AppConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The node's database behind the kernel's ports: one pool as the application role, whose
   * statements run under each tenant's Row-Level Security scope.
   *
   * @param appPool the pool itself, for the readiness probe and for tests that read as the app would
   */
  record Database(Pool appPool, DocumentStore documents, ChunkStore chunks, KeyVersions keyVersions,
      TenantDirectory tenants, BreakGlassStore grants, KeyRotationStore rotations, TenantDeletionStore deletions,
      ObjectSourceStore objectSources, SharedRateLimits rateLimits) {

    /** @return succeeds when the database answers */
    Future<Void> ping() {
      return appPool.query("SELECT 1").execute().mapEmpty();
    }
  }

  /** Opens the node's PostgreSQL ({@code CHARTLINE_DB_*}) as the application role; the node's Vert.x closes the pool. */
  Database database(Vertx vertx) {
    Pool app = PgPools.create(vertx, config.db(), config.db().app(), config.db().poolSize());
    PgDocumentStore documents = new PgDocumentStore(app);
    return new Database(app, documents, new PgChunkStore(app, documents, config.efSearch()), new PgKeyVersions(app),
        new PgTenantDirectory(app), new PgBreakGlassStore(app), new PgKeyRotationStore(app),
        new PgTenantDeletionStore(app), new PgObjectSourceStore(app, documents), new PgRateLimits(app));
  }

  /**
   * Where S3 announces the bucket's objects ({@code CHARTLINE_SQS_*}), or null when no queue is
   * configured.
   *
   * @param onClose receives what the node closes when it stops
   */
  ObjectEventSource objectEvents(Vertx vertx, Consumer<AutoCloseable> onClose) {
    if (config.sqs() == null) {
      return null;
    }
    SqsObjectEventSource source = new SqsObjectEventSource(vertx, config.sqs());
    onClose.accept(source);
    return source;
  }

  /**
   * Checks that this node can serve on the database: the schema is current (it is migrated in its
   * own step), its vector dimension is the configured one and, when the node embeds, so is its
   * model; and the roles it was given cannot change the schema or the audit trail.
   *
   * @param writesAudit whether the node writes the audit log (then its audit-writer role is checked too)
   */
  Future<Void> checkDatabase(Vertx vertx, Database db, boolean embeds, boolean writesAudit) {
    Pool app = db.appPool();
    return Migrator.requireCurrent(app)
        .compose(v -> Migrator.checkDimension(app, config.db().vectorDimension()))
        .compose(v -> embeds ? Migrator.checkModel(app, embedderModelId()) : Future.succeededFuture())
        .compose(v -> ServingRoleCheck.require(app, "CHARTLINE_DB_APP_USER"))
        .compose(v -> {
          if (!writesAudit) {
            return Future.succeededFuture();
          }
          Pool audit = PgPools.create(vertx, config.db(), config.db().audit(), 1);
          return ServingRoleCheck.require(audit, "CHARTLINE_DB_AUDIT_USER").eventually(audit::close);
        });
  }

  /** The audit log, written as the INSERT-only audit-writer role over a pool of {@code connections}. */
  AuditLog auditLog(Vertx vertx, int connections) {
    return new PgAuditLog(PgPools.create(vertx, config.db(), config.db().audit(), connections));
  }

  /**
   * Brings the schema up to this build as the schema owner ({@code migrate}).
   *
   * @return how many migrations the schema holds
   */
  static Future<Integer> migrate(Vertx vertx, DbSettings db, DbSettings.Credentials owner) {
    Pool pool = PgPools.create(vertx, db, owner, 1);
    return Migrator.migrate(pool, db).eventually(pool::close).map(v -> Migrator.MIGRATIONS.size());
  }

  /** @return the id of the embedding model the configured embedder writes, checked against the database at start */
  String embedderModelId() {
    return config.embedder().bedrock() ? config.embedder().titan().modelId() : OnnxEmbedder.MODEL_ID;
  }

  /**
   * The configured embedder ({@code CHARTLINE_EMBEDDER}): Bedrock Titan under one limiter for the
   * whole process, or the ONNX model with its inference on a worker pool of {@code
   * CHARTLINE_INFERENCE_THREADS}. Loading the ONNX model reads it: call this off the event loop.
   *
   * @throws IllegalStateException when the ONNX runtime or model is not on the classpath (the
   *     production jar finds them in {@code lib/chartline-onnx.jar} beside it)
   */
  Embedder embedder(Vertx vertx, MeterRegistry registry) {
    if (config.embedder().bedrock()) {
      return TitanEmbedders.create(vertx, config.embedder().titan(), registry);
    }
    OnnxRuntime.missing().ifPresent(missing -> {
      throw new IllegalStateException("CHARTLINE_EMBEDDER=onnx, but " + missing + " is not on this node's classpath: "
          + "the roles embed and query need lib/chartline-onnx.jar next to chartline.jar (or set "
          + "CHARTLINE_EMBEDDER=bedrock)");
    });
    WorkerExecutor inference = vertx.createSharedWorkerExecutor("chartline-inference", config.inferenceThreads(), 10,
        TimeUnit.MINUTES);
    return new OnnxEmbedder(vertx, inference, config.onnx());
  }

  /**
   * The object store documents live in (S3 or an S3-compatible server, {@code CHARTLINE_S3_*}).
   *
   * @param onClose receives what the node closes when it stops
   */
  ObjectStore objectStore(Vertx vertx, Consumer<AutoCloseable> onClose) {
    S3ObjectStore store = new S3ObjectStore(vertx, config.s3());
    onClose.accept(store);
    return store;
  }

  /**
   * The configured generator ({@code CHARTLINE_GENERATOR}): Bedrock Claude, one client and breaker
   * for the process, or the extractive generator.
   */
  Generator generator(Vertx vertx, MeterRegistry registry) {
    if (config.generator().bedrock()) {
      return ClaudeGenerators.create(vertx, config.generator().claude(), registry);
    }
    return new ExtractiveGenerator(config.query().answerSentences());
  }

  /** A node's tenant encryption and the backend its key jobs make and destroy versions with. */
  record Crypto(TenantCrypto crypto, KeyBackend keys) {
  }

  /**
   * Tenant encryption with the AWS Encryption SDK ({@code CHARTLINE_CRYPTO_PROVIDER} {@code local}
   * or {@code kms}; callers check that it is on). Opening the local keyring reads or creates the
   * master key file: call this off the event loop.
   *
   * @param versions     where key versions are recorded
   * @param ensureTenant registers a tenant before its first key is recorded
   * @param onClose      receives what the node closes when it stops
   */
  Crypto tenantCrypto(Vertx vertx, KeyVersions versions, Function<TenantId, Future<Void>> ensureTenant, Clock clock,
      Consumer<AutoCloseable> onClose) {
    CryptoSettings settings = config.crypto();
    AwsCrypto sdk = EsdkTenantCrypto.awsCrypto();
    EsdkKeyBackend backend;
    if (settings.provider().equals(KmsKeyBackend.PROVIDER)) {
      KmsKeyBackend kms = new KmsKeyBackend(settings.kms());
      onClose.accept(kms);
      backend = kms;
    } else {
      backend = LocalKeyBackend.open(sdk, settings.masterKeyFile());
    }
    EsdkTenantCrypto crypto = new EsdkTenantCrypto(vertx, sdk, backend, versions, ensureTenant, settings, clock);
    onClose.accept(crypto::close);
    return new Crypto(crypto, backend);
  }

  /**
   * Token keys outside dev mode: the JWKS file when {@code CHARTLINE_AUTH_JWKS_FILE} is set (read
   * now), else the issuer's JWKS ({@code CHARTLINE_AUTH_JWKS_URL} or OIDC discovery), cached and
   * refreshed once the node opens it.
   */
  KeySource.Factory keySource() throws IOException {
    if (config.jwksFile() != null) {
      KeySet keys = KeySet.fromJwks(new JsonObject(Files.readString(config.jwksFile())));
      if (keys.isEmpty()) {
        throw new IllegalStateException("CHARTLINE_AUTH_JWKS_FILE holds no usable signing key");
      }
      return KeySource.Factory.fixed(keys);
    }
    return vertx -> JwksKeySource.open(vertx, config.jwks(), Clock.systemUTC());
  }

  /** Verifies the API's bearer tokens as JWTs ({@code CHARTLINE_AUTH_*}) against {@code keys}. */
  TokenVerifier tokenVerifier(KeySource keys, Clock clock) {
    return new JwtVerifier(keys, config.jwt(), clock);
  }

  /** Counts tokens as the embedding model does, for chunking; reads the tokenizer's vocabulary only. */
  TokenCounter tokenCounter() {
    return WordPieceTokenizer.fromClasspath(OnnxEmbedder.TOKENIZER_RESOURCE);
  }
}
