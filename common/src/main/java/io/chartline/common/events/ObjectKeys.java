package io.chartline.common.events;

import io.chartline.common.tenant.TenantId;
import java.util.Optional;
import java.util.UUID;

/**
 * Tenant-scoped object key layout: {@code tenants/<tenant>/documents/<document-id>}. Keys carry
 * no file names (they often hold patient names); titles live only in the database.
 */
public final class ObjectKeys {

  private static final String PREFIX = "tenants/";
  private static final String DOCS = "/documents/";

  private ObjectKeys() {
  }

  public static String documentKey(TenantId tenant, UUID documentId) {
    return PREFIX + tenant.value() + DOCS + documentId;
  }

  /** @return the prefix of every key of {@code tenant}, ending in {@code /} (so no other tenant's keys match) */
  public static String tenantPrefix(TenantId tenant) {
    return PREFIX + tenant.value() + "/";
  }

  /** A tenant and document parsed back out of a key. */
  public record Location(TenantId tenant, UUID documentId) {
  }

  /** @return the location, or empty when the key does not follow the layout. */
  public static Optional<Location> parse(String key) {
    if (key == null || !key.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int docs = key.indexOf(DOCS, PREFIX.length());
    if (docs < 0) {
      return Optional.empty();
    }
    String tenant = key.substring(PREFIX.length(), docs);
    String id = key.substring(docs + DOCS.length());
    if (!TenantId.isValid(tenant) || id.length() != 36) {
      return Optional.empty();
    }
    try {
      UUID uuid = UUID.fromString(id);
      if (!uuid.toString().equals(id)) {
        return Optional.empty();
      }
      return Optional.of(new Location(TenantId.of(tenant), uuid));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
