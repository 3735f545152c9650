package io.chartline.common.crypto;

import io.chartline.common.tenant.TenantId;
import java.util.Objects;

/**
 * One version of a tenant's key as recorded in {@code tenant_keys}: where its material lives
 * ({@code key_ref}: a KMS key ARN, or a local key id) and, for local keys, the key wrapped under
 * the deployment's master key.
 */
public record TenantKeyRow(TenantId tenant, int version, String provider, String keyRef, byte[] wrappedKey,
    State state) {

  /** Lifecycle of a key version. */
  public enum State {
    /** Seals new data; exactly one per tenant. */
    ACTIVE,
    /** Replaced by a newer version; still opens data until re-encryption finishes. */
    RETIRING,
    /** No data is sealed under it any more; still opens (nothing should need it). */
    RETIRED,
    /** Material destroyed: nothing sealed under it can be opened again. */
    DESTROYED;

    public String db() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static State fromDb(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public TenantKeyRow {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(keyRef, "keyRef");
    Objects.requireNonNull(state, "state");
  }

  @Override
  public String toString() {
    return "TenantKeyRow[tenant=" + tenant + ", version=" + version + ", provider=" + provider + ", state=" + state
        + "]";
  }
}
