package io.chartline.pg;

import io.chartline.common.limits.SharedRateLimits;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;

/**
 * {@link SharedRateLimits} in PostgreSQL: one call of {@code rate_limit_take} (V13) per request,
 * the buckets in an UNLOGGED table every api process shares, timed by the database's clock.
 */
public final class PgRateLimits implements SharedRateLimits {

  private static final String TAKE = "SELECT refused, wait_us FROM rate_limit_take($1, $2, $3, $4, $5, $6)";

  private final Pool pool;

  /** @param pool the application role's pool (the function is all it may call here) */
  public PgRateLimits(Pool pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public Future<Refusal> take(byte[] userKey, Limit user, byte[] tenantKey, Limit tenant) {
    Tuple args = Tuple.of(userKey == null ? null : Buffer.buffer(userKey), user == null ? 1L : user.intervalMicros(),
        user == null ? 1 : user.burst(), tenantKey == null ? null : Buffer.buffer(tenantKey),
        tenant == null ? 1L : tenant.intervalMicros(), tenant == null ? 1 : tenant.burst());
    return pool.preparedQuery(TAKE).execute(args).map(rows -> {
      Row r = rows.iterator().next();
      String refused = r.getString(0);
      return refused == null ? null : new Refusal(refused, Math.max(1, r.getLong(1)));
    });
  }
}
