package io.chartline.common.crypto;

import com.amazonaws.encryptionsdk.MasterKeyProvider;
import io.chartline.common.tenant.TenantId;

/**
 * Where tenant key material lives: a local keyring (dev mode) or AWS KMS. Every method may block
 * (network calls, file reads): callers run them on worker threads, never on an event loop.
 */
public interface KeyBackend {

  /** @return the value recorded in {@code tenant_keys.provider}. */
  String provider();

  /** Creates the material of a new key version for {@code tenant}. */
  NewKey create(TenantId tenant, int version);

  /**
   * @return a master key provider that seals and opens under this version only
   * @throws CryptoException with {@code KEY_UNAVAILABLE} when the material cannot be reached
   */
  MasterKeyProvider<?> open(TenantKeyRow row);

  /** Destroys the material behind a version; afterwards nothing sealed under it opens. */
  void destroy(TenantKeyRow row);

  /** What {@link #create} made: the key's reference and, for local keys, the wrapped key. */
  record NewKey(String keyRef, byte[] wrappedKey) {
  }
}
