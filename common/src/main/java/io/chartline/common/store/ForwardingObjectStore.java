package io.chartline.common.store;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An {@link ObjectStore} that passes every call to another; decorators override what they change. */
public abstract class ForwardingObjectStore implements ObjectStore {

  protected final ObjectStore delegate;

  protected ForwardingObjectStore(ObjectStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public String bucket() {
    return delegate.bucket();
  }

  @Override
  public Future<Void> ensureBucket() {
    return delegate.ensureBucket();
  }

  @Override
  public Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
      Map<String, String> metadata, String kmsKeyId) {
    return delegate.put(tenant, key, content, contentType, metadata, kmsKeyId);
  }

  @Override
  public Future<ObjectBytes> get(TenantId tenant, String bucket, String key, long maxBytes) {
    return delegate.get(tenant, bucket, key, maxBytes);
  }

  @Override
  public Future<Boolean> exists(TenantId tenant, String bucket, String key) {
    return delegate.exists(tenant, bucket, key);
  }

  @Override
  public Future<Optional<ObjectHead>> head(TenantId tenant, String bucket, String key) {
    return delegate.head(tenant, bucket, key);
  }

  @Override
  public Future<Void> delete(TenantId tenant, String key) {
    return delegate.delete(tenant, key);
  }

  @Override
  public Future<Long> deletePrefix(TenantId tenant, String prefix, int limit) {
    return delegate.deletePrefix(tenant, prefix, limit);
  }

  @Override
  public Future<Void> ping() {
    return delegate.ping();
  }
}
