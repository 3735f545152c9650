package io.chartline.s3;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ObjectStore} on the AWS SDK v2 async S3 client (AWS S3 or an S3-compatible server).
 * Prefix deletion removes every version where the bucket keeps versions; against a server that
 * does not implement {@code ListObjectVersions} (501) it lists plain objects instead.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
  /** The most keys one DeleteObjects request may name. */
  private static final int MAX_DELETE_KEYS = 1000;

  private final Vertx vertx;
  private final S3Settings settings;
  private final S3AsyncClient client;
  /** Cleared once the server answers that it does not implement ListObjectVersions. */
  private volatile boolean listsVersions = true;

  public S3ObjectStore(Vertx vertx, S3Settings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
    S3AsyncClientBuilder b = S3AsyncClient.builder()
        .region(Region.of(settings.region()))
        .forcePathStyle(settings.pathStyle())
        .disableS3ExpressSessionAuth(true)
        // See S3Settings#checksumEveryRequest: by default only where S3 requires one
        .requestChecksumCalculation(settings.checksumEveryRequest() ? RequestChecksumCalculation.WHEN_SUPPORTED
            : RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(settings.checksumEveryRequest() ? ResponseChecksumValidation.WHEN_SUPPORTED
            : ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64)
            .connectionTimeout(Duration.ofSeconds(5)))
        .credentialsProvider(settings.accessKey() == null ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                settings.secretKey())));
    if (settings.endpoint() != null) {
      b.endpointOverride(settings.endpoint());
    }
    this.client = b.build();
  }

  @Override
  public String bucket() {
    return settings.bucket();
  }

  @Override
  public Future<Void> ensureBucket() {
    return Future.fromCompletionStage(client.headBucket(r -> r.bucket(settings.bucket())), vertx.getOrCreateContext())
        .<Void>mapEmpty()
        .recover(t -> {
          if (unwrap(t) instanceof NoSuchBucketException || isStatus(t, 404)) {
            return Future.fromCompletionStage(client.createBucket(r -> r.bucket(settings.bucket())),
                    vertx.getOrCreateContext())
                .<Void>mapEmpty()
                .recover(c -> unwrap(c) instanceof BucketAlreadyOwnedByYouException ? Future.succeededFuture()
                    : Future.failedFuture(c));
          }
          return Future.failedFuture(t);
        });
  }

  @Override
  public Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
      Map<String, String> metadata, String kmsKeyId) {
    return Future.fromCompletionStage(client.putObject(r -> {
              r.bucket(settings.bucket()).key(key).contentType(contentType).contentLength((long) content.length)
                  .metadata(metadata);
              if (kmsKeyId != null) {
                r.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
              }
            },
            AsyncRequestBody.fromBytes(content)), vertx.getOrCreateContext())
        .map(resp -> new StoredObject(settings.bucket(), key, resp.eTag(), resp.versionId(), content.length))
        .recover(t -> Future.failedFuture(translate(t, tenant)));
  }

  @Override
  public Future<ObjectBytes> get(TenantId tenant, String bucket, String key, long maxBytes) {
    return Future.fromCompletionStage(client.getObject(r -> r.bucket(bucket).key(key),
            AsyncResponseTransformer.toBytes()), vertx.getOrCreateContext())
        .recover(t -> Future.failedFuture(translate(t, tenant)))
        .compose(resp -> {
          byte[] bytes = resp.asByteArrayUnsafe();
          if (bytes.length > maxBytes) {
            return Future.failedFuture(new ChartlineException(ErrorCode.DOCUMENT_TOO_LARGE, tenant,
                "object exceeds the size limit of " + maxBytes + " bytes", null));
          }
          return Future.succeededFuture(new ObjectBytes(bytes, resp.response().metadata()));
        });
  }

  @Override
  public Future<Boolean> exists(TenantId tenant, String bucket, String key) {
    return Future.fromCompletionStage(client.headObject(r -> r.bucket(bucket).key(key)), vertx.getOrCreateContext())
        .map(head -> true)
        .recover(t -> isStatus(t, 404) ? Future.succeededFuture(false) : Future.failedFuture(translate(t, tenant)));
  }

  @Override
  public Future<Optional<ObjectHead>> head(TenantId tenant, String bucket, String key) {
    return Future.fromCompletionStage(client.headObject(r -> r.bucket(bucket).key(key)), vertx.getOrCreateContext())
        .map(h -> Optional.of(new ObjectHead(h.contentLength() == null ? -1 : h.contentLength(),
            h.contentType(), h.eTag(), h.versionId(), lowerCase(h.metadata()))))
        .recover(t -> isStatus(t, 404) ? Future.succeededFuture(Optional.empty())
            : Future.failedFuture(translate(t, tenant)));
  }

  private static Map<String, String> lowerCase(Map<String, String> metadata) {
    Map<String, String> out = new HashMap<>();
    metadata.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }

  @Override
  public Future<Void> delete(TenantId tenant, String key) {
    return Future.fromCompletionStage(client.deleteObject(r -> r.bucket(settings.bucket()).key(key)),
            vertx.getOrCreateContext())
        .recover(t -> Future.failedFuture(translate(t, tenant)))
        .mapEmpty();
  }

  @Override
  public Future<Long> deletePrefix(TenantId tenant, String prefix, int limit) {
    int max = Math.max(1, Math.min(limit, MAX_DELETE_KEYS));
    if (!listsVersions) {
      return deleteObjects(tenant, prefix, max);
    }
    return Future.fromCompletionStage(client.listObjectVersions(r -> r.bucket(settings.bucket()).prefix(prefix)
            .maxKeys(max)), vertx.getOrCreateContext())
        .compose(page -> {
          List<ObjectIdentifier> ids = new ArrayList<>();
          page.versions().forEach(v -> ids.add(id(v.key(), v.versionId())));
          page.deleteMarkers().forEach(m -> ids.add(id(m.key(), m.versionId())));
          return delete(tenant, ids);
        }, t -> {
          if (!notImplemented(t)) {
            return Future.failedFuture(translate(t, tenant));
          }
          // an S3-compatible server without versioning (the local one): plain objects are all there is
          listsVersions = false;
          LOG.info("object store does not list versions; deleting by plain listing [bucket: {}]", settings.bucket());
          return deleteObjects(tenant, prefix, max);
        });
  }

  /** Lists one page of plain objects ({@code ListObjectsV2}) and deletes them. */
  private Future<Long> deleteObjects(TenantId tenant, String prefix, int max) {
    return Future.fromCompletionStage(client.listObjectsV2(r -> r.bucket(settings.bucket()).prefix(prefix)
            .maxKeys(max)), vertx.getOrCreateContext())
        .recover(t -> Future.failedFuture(translate(t, tenant)))
        .compose(page -> {
          List<ObjectIdentifier> ids = new ArrayList<>();
          page.contents().forEach(o -> ids.add(id(o.key(), null)));
          return delete(tenant, ids);
        });
  }

  private Future<Long> delete(TenantId tenant, List<ObjectIdentifier> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    return Future.fromCompletionStage(client.deleteObjects(r -> r.bucket(settings.bucket())
            .delete(d -> d.objects(ids).quiet(true))), vertx.getOrCreateContext())
        .recover(t -> Future.failedFuture(translate(t, tenant)))
        .compose(resp -> resp.errors().isEmpty() ? Future.succeededFuture((long) ids.size())
            : Future.failedFuture(new ChartlineException(ErrorCode.UNAVAILABLE, tenant,
                "object store refused to delete " + resp.errors().size() + " objects", null)));
  }

  private static ObjectIdentifier id(String key, String versionId) {
    // "null" is the version id S3 gives objects stored while versioning was off
    return ObjectIdentifier.builder().key(key).versionId(versionId == null || "null".equals(versionId) ? null
        : versionId).build();
  }

  /** A request the server does not implement (501, or the {@code NotImplemented} error code). */
  private static boolean notImplemented(Throwable t) {
    return unwrap(t) instanceof S3Exception e && (e.statusCode() == 501
        || e.awsErrorDetails() != null && "NotImplemented".equals(e.awsErrorDetails().errorCode()));
  }

  @Override
  public Future<Void> ping() {
    return Future.fromCompletionStage(client.headBucket(r -> r.bucket(settings.bucket())), vertx.getOrCreateContext())
        .mapEmpty();
  }

  @Override
  public void close() {
    client.close();
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static boolean isStatus(Throwable t, int status) {
    return unwrap(t) instanceof S3Exception e && e.statusCode() == status;
  }

  private static ChartlineException translate(Throwable t, TenantId tenant) {
    Throwable c = unwrap(t);
    if (c instanceof NoSuchKeyException || isStatus(c, 404)) {
      return new ChartlineException(ErrorCode.OBJECT_NOT_FOUND, tenant, "object not found in the store", c);
    }
    if (c instanceof S3Exception e && e.statusCode() == 403) {
      return new ChartlineException(ErrorCode.UNAVAILABLE, tenant, "object store denied access", c);
    }
    return new ChartlineException(ErrorCode.UNAVAILABLE, tenant, "object store unavailable", c);
  }
}
