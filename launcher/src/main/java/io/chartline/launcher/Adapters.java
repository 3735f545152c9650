package io.chartline.launcher;

import com.amazonaws.encryptionsdk.AwsCrypto;
import io.chartline.bedrock.embed.TitanEmbedders;
import io.chartline.bedrock.generate.ClaudeGenerators;
import io.chartline.common.auth.TokenVerifier;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.KeyVersions;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.embed.Embedder;
import io.chartline.common.generate.Generator;
import io.chartline.common.store.ObjectStore;
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
import io.chartline.onnx.WordPieceTokenizer;
import io.chartline.query.ExtractiveGenerator;
import io.chartline.s3.S3ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
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

  /** @return the id of the embedding model the configured embedder writes, checked against the database at start */
  String embedderModelId() {
    return config.embedder().bedrock() ? config.embedder().titan().modelId() : OnnxEmbedder.MODEL_ID;
  }

  /**
   * The configured embedder ({@code CHARTLINE_EMBEDDER}): Bedrock Titan under one limiter for the
   * whole process, or the ONNX model with its inference on a worker pool of {@code
   * CHARTLINE_INFERENCE_THREADS}. Loading the ONNX model reads it: call this off the event loop.
   */
  Embedder embedder(Vertx vertx, MeterRegistry registry) {
    if (config.embedder().bedrock()) {
      return TitanEmbedders.create(vertx, config.embedder().titan(), registry);
    }
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
