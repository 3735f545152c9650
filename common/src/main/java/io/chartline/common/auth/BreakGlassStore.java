package io.chartline.common.auth;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Port for break-glass grants: time-limited access of one operator to one tenant. */
public interface BreakGlassStore {

  /** A grant as it stands now. */
  record Standing(TenantId tenant, boolean expired, boolean revoked) {
  }

  /**
   * Records a grant for {@code subject} (of {@code homeTenant}) on {@code tenant}, open for
   * {@code duration} from now by the store's clock.
   *
   * @return when it expires
   */
  Future<Instant> open(UUID grantId, TenantId tenant, String subject, TenantId homeTenant, String reason,
      Duration duration);

  /** @return the grant presented by {@code subject} of {@code homeTenant}; empty when it is not theirs or does not exist */
  Future<Optional<Standing>> find(UUID grantId, String subject, TenantId homeTenant);

  /** Revokes the grant (it stays on record). */
  Future<Void> revoke(TenantId tenant, UUID grantId);
}
