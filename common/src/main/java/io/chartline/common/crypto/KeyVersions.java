package io.chartline.common.crypto;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.util.List;

/** Port: where a tenant's key versions are recorded (and their material erased when the tenant goes). */
public interface KeyVersions {

  /** @return every version of the tenant's key, destroyed ones included, oldest first */
  Future<List<TenantKeyRow>> load(TenantId tenant);

  /** @return true when this first version was recorded, false when another caller's was first */
  Future<Boolean> insertFirst(TenantKeyRow row);

  /** Erases the material of every version of the tenant's key; the versions stay as a record. */
  Future<Void> destroyAll(TenantId tenant);
}
