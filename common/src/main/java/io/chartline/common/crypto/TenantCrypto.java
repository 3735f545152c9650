package io.chartline.common.crypto;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

/**
 * Seals and opens PHI under the tenant's own key, bound to the document by the encryption context
 * {@code {tenant_id, document_id}}: a message opened for another tenant or another document fails
 * with {@code DECRYPTION_FAILED}. Futures complete on the caller's context; the work runs off the
 * event loop.
 */
public interface TenantCrypto {

  /** @return false only when a deployment runs without encryption (explicitly configured) */
  boolean enabled();

  /** Seals each text under the tenant's active key version. */
  Future<List<SealedText>> seal(TenantId tenant, UUID documentId, List<String> texts);

  /** Opens messages of one tenant; each names the document it must belong to. */
  Future<List<String>> open(TenantId tenant, List<Envelope> sealed);

  /** Seals a whole document's bytes (an uploaded object) under the tenant's active key. */
  Future<byte[]> sealBytes(TenantId tenant, UUID documentId, byte[] plaintext);

  /** Opens bytes sealed by {@link #sealBytes} for the same tenant and document. */
  Future<byte[]> openBytes(TenantId tenant, UUID documentId, byte[] sealed);

  /** @return the KMS key id of the tenant's active key version, or null when keys are not in KMS */
  default Future<String> kmsKeyId(TenantId tenant) {
    return Future.succeededFuture(null);
  }

  /**
   * @return the key version new material of {@code tenant} is sealed under, creating the first one
   *     when it has none; fails with {@code KEY_UNAVAILABLE} on a node without encryption
   */
  default Future<Integer> activeVersion(TenantId tenant) {
    return Future.failedFuture(new CryptoException(io.chartline.common.error.ErrorCode.KEY_UNAVAILABLE, tenant,
        "encryption is disabled on this node: there is no tenant key", null));
  }

  /** A sealed text and the document it was sealed for. */
  record Envelope(UUID documentId, SealedText sealed) {
  }

  /** Forgets cached key material of {@code tenant}: the next use reloads it. */
  void evict(TenantId tenant);

  /** @return how many times the key backend was asked for data keys (cache misses), by seal and open */
  KeyringCalls keyringCalls();

  /** Cumulative counts of calls that reached the key backend (KMS or the local keyring). */
  record KeyringCalls(long encrypt, long decrypt) {
    public long total() {
      return encrypt + decrypt;
    }
  }

  /** A deployment without encryption: nothing is sealed; opening anything fails. */
  static TenantCrypto disabled() {
    return new TenantCrypto() {
      @Override
      public boolean enabled() {
        return false;
      }

      @Override
      public Future<List<SealedText>> seal(TenantId tenant, UUID documentId, List<String> texts) {
        return Future.failedFuture(new IllegalStateException("encryption is disabled"));
      }

      @Override
      public Future<List<String>> open(TenantId tenant, List<Envelope> sealed) {
        return Future.failedFuture(new CryptoException(io.chartline.common.error.ErrorCode.KEY_UNAVAILABLE, tenant,
            "encryption is disabled on this node but the data is sealed", null));
      }

      @Override
      public Future<byte[]> sealBytes(TenantId tenant, UUID documentId, byte[] plaintext) {
        return Future.failedFuture(new IllegalStateException("encryption is disabled"));
      }

      @Override
      public Future<byte[]> openBytes(TenantId tenant, UUID documentId, byte[] sealed) {
        return Future.failedFuture(new CryptoException(io.chartline.common.error.ErrorCode.KEY_UNAVAILABLE, tenant,
            "encryption is disabled on this node but the object is sealed", null));
      }

      @Override
      public void evict(TenantId tenant) {
      }

      @Override
      public KeyringCalls keyringCalls() {
        return new KeyringCalls(0, 0);
      }
    };
  }
}
