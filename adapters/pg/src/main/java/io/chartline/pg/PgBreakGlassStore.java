package io.chartline.pg;

import io.chartline.common.auth.BreakGlassStore;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code break_glass_grants}: the {@link BreakGlassStore} in PostgreSQL. A presented grant is
 * looked up through the {@code SECURITY DEFINER} function {@code break_glass_grant}, which answers
 * only for the grant's own subject and home tenant (the caller has no tenant scope yet).
 */
public final class PgBreakGlassStore implements BreakGlassStore {

  private final Pool pool;

  public PgBreakGlassStore(Pool pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public Future<Instant> open(UUID grantId, TenantId tenant, String subject, TenantId homeTenant, String reason,
      Duration duration) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "INSERT INTO break_glass_grants (grant_id, tenant_id, subject, home_tenant, reason, expires_at) "
                + "VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING expires_at")
        .execute(Tuple.of(grantId, tenant.value(), subject, homeTenant.value(), reason,
            (double) duration.toMillis() / 1000.0)))
        .map(rs -> rs.iterator().next().get(OffsetDateTime.class, 0).toInstant());
  }

  @Override
  public Future<Optional<Standing>> find(UUID grantId, String subject, TenantId homeTenant) {
    return pool.preparedQuery("SELECT tenant_id, expired, revoked FROM break_glass_grant($1, $2, $3)")
        .execute(Tuple.of(grantId, subject, homeTenant.value()))
        .map(rs -> {
          if (rs.size() == 0) {
            return Optional.empty();
          }
          Row r = rs.iterator().next();
          return Optional.of(new Standing(TenantId.of(r.getString("tenant_id")), r.getBoolean("expired"),
              r.getBoolean("revoked")));
        });
  }

  @Override
  public Future<Void> revoke(TenantId tenant, UUID grantId) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "UPDATE break_glass_grants SET revoked_at = now() WHERE grant_id = $1").execute(Tuple.of(grantId)))
        .mapEmpty();
  }
}
