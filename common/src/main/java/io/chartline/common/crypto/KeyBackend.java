package io.chartline.common.crypto;

import io.chartline.common.tenant.TenantId;

/**
 * Where tenant key material lives: a local keyring (dev mode) or AWS KMS. This port holds what the
 * key jobs (rotation, tenant deletion) need: making and destroying versions; the crypto adapter
 * also opens them. Every method may block
 * (network calls, file reads): callers run them on worker threads, never on an event loop.
 */
public interface KeyBackend {

  /** @return the value recorded in {@code tenant_keys.provider}. */
  String provider();

  /** Creates the material of a new key version for {@code tenant}. */
  NewKey create(TenantId tenant, int version);

  /** Destroys the material behind a version; afterwards nothing sealed under it opens. */
  void destroy(TenantKeyRow row);

  /** What {@link #create} made: the key's reference and, for local keys, the wrapped key. */
  record NewKey(String keyRef, byte[] wrappedKey) {
  }
}
