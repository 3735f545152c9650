package io.chartline.common.store;

import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Seals uploaded documents under the tenant's key before they reach the object store (client-side
 * envelope encryption, encryption context {@code {tenant_id, document_id}}), and opens them on
 * read; when tenant keys live in KMS, the store is also told to encrypt at rest under the tenant's
 * KMS key (SSE-KMS). Sealed objects carry the user metadata {@code chartline-encoding: aws-esdk}; objects
 * without it (written by other systems into the bucket) are returned as stored.
 */
public final class SealingObjectStore extends ForwardingObjectStore {

  public static final String ENCODING_METADATA = "chartline-encoding";
  public static final String SEALED = "aws-esdk";

  private final TenantCrypto crypto;

  public SealingObjectStore(ObjectStore delegate, TenantCrypto crypto) {
    super(delegate);
    this.crypto = Objects.requireNonNull(crypto, "crypto");
  }

  @Override
  public Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
      Map<String, String> metadata, String kmsKeyId) {
    UUID documentId;
    try {
      documentId = documentOf(tenant, key);
    } catch (ChartlineException e) {
      return Future.failedFuture(e);
    }
    Map<String, String> meta = new HashMap<>(metadata);
    meta.put(ENCODING_METADATA, SEALED);
    // With KMS-held tenant keys the store also encrypts at rest under the tenant's key (SSE-KMS).
    return crypto.sealBytes(tenant, documentId, content)
        .compose(sealed -> crypto.kmsKeyId(tenant).compose(kms -> delegate.put(tenant, key, sealed, contentType, meta,
            kmsKeyId != null ? kmsKeyId : kms)))
        .map(stored -> new StoredObject(stored.bucket(), stored.key(), stored.eTag(), stored.versionId(),
            content.length));
  }

  @Override
  public Future<ObjectBytes> get(TenantId tenant, String bucket, String key, long maxBytes) {
    // Sealing adds a header and per-frame tags: allow for them on top of the plaintext limit.
    long limit = maxBytes + 4096 + maxBytes / 64;
    return delegate.get(tenant, bucket, key, limit).compose(o -> {
      if (!SEALED.equals(o.metadata().get(ENCODING_METADATA))) {
        return o.bytes().length > maxBytes
            ? Future.failedFuture(new ChartlineException(ErrorCode.DOCUMENT_TOO_LARGE, tenant,
                "object exceeds the size limit of " + maxBytes + " bytes", null))
            : Future.succeededFuture(o);
      }
      UUID documentId;
      try {
        documentId = documentOf(tenant, key);
      } catch (ChartlineException e) {
        return Future.failedFuture(e);
      }
      return crypto.openBytes(tenant, documentId, o.bytes()).map(plain -> new ObjectBytes(plain, o.metadata()));
    });
  }

  /** Sealed objects are bound to their document: the key must be this tenant's document key. */
  private static UUID documentOf(TenantId tenant, String key) {
    return ObjectKeys.parse(key).filter(l -> l.tenant().equals(tenant)).map(ObjectKeys.Location::documentId)
        .orElseThrow(() -> new ChartlineException(ErrorCode.TENANT_MISMATCH, tenant,
            "object key is not a document key of this tenant", null));
  }
}
