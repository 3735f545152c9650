package io.chartline.common.crypto;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.List;

/** Where a tenant's key versions are recorded ({@link TenantKeyStore} in PostgreSQL). */
public interface KeyVersions {

  /** @return every version of the tenant's key, destroyed ones included, oldest first */
  Future<List<TenantKeyRow>> load(TenantId tenant);

  /** @return true when this first version was recorded, false when another caller's was first */
  Future<Boolean> insertFirst(TenantKeyRow row);
}
