package io.chartline.pg;

import io.chartline.common.crypto.KeyVersions;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@code tenant_keys}: the {@link KeyVersions} in PostgreSQL, read and changed under the tenant's RLS scope. */
public final class PgKeyVersions implements KeyVersions {

  private final Pool pool;

  public PgKeyVersions(Pool pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /** @return every version of the tenant's key, destroyed ones included, oldest first */
  @Override
  public Future<List<TenantKeyRow>> load(TenantId tenant) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT version, provider, key_ref, wrapped_key, state FROM tenant_keys WHERE tenant_id = $1 "
                + "ORDER BY version")
        .execute(Tuple.of(tenant.value())))
        .map(rs -> {
          List<TenantKeyRow> out = new ArrayList<>();
          for (Row r : rs) {
            Buffer wrapped = r.getBuffer("wrapped_key");
            out.add(new TenantKeyRow(tenant, r.getInteger("version"), r.getString("provider"),
                r.getString("key_ref"), wrapped == null ? null : wrapped.getBytes(),
                TenantKeyRow.State.fromDb(r.getString("state"))));
          }
          return out;
        });
  }

  /**
   * Records the first key of a tenant, unless a concurrent caller recorded one first.
   *
   * @return true when this row was inserted
   */
  @Override
  public Future<Boolean> insertFirst(TenantKeyRow row) {
    return TenantTx.run(pool, row.tenant(), conn -> conn.preparedQuery(
            "INSERT INTO tenant_keys (tenant_id, version, provider, key_ref, wrapped_key, state) "
                + "VALUES ($1, $2, $3, $4, $5, 'active') ON CONFLICT DO NOTHING")
        .execute(values(row)))
        .map(rs -> rs.rowCount() == 1);
  }

  /**
   * Makes {@code next} the active version and the current active one, {@code next.version() - 1},
   * {@code retiring}, inside the caller's tenant transaction. The only place that moves a key
   * version out of {@code active}.
   *
   * @return false, with nothing changed, when the active version is not the one before {@code next}
   *     (a concurrent rotation)
   */
  static Future<Boolean> rotateTo(SqlConnection conn, TenantKeyRow next) {
    return conn.preparedQuery(
            "UPDATE tenant_keys SET state = 'retiring', retired_at = now() WHERE tenant_id = $1 AND state = 'active' "
                + "AND version = $2")
        .execute(Tuple.of(next.tenant().value(), next.version() - 1))
        .compose(rs -> rs.rowCount() != 1 ? Future.succeededFuture(false)
            : conn.preparedQuery("INSERT INTO tenant_keys (tenant_id, version, provider, key_ref, wrapped_key, state) "
                + "VALUES ($1, $2, $3, $4, $5, 'active')").execute(values(next)).map(true));
  }

  /**
   * Marks every {@code retiring} version below {@code activeVersion} retired, inside the caller's
   * tenant transaction: nothing is sealed under them any more.
   */
  static Future<Void> retireBelow(SqlConnection conn, TenantId tenant, int activeVersion) {
    return conn.preparedQuery(
            "UPDATE tenant_keys SET state = 'retired' WHERE tenant_id = $1 AND version < $2 AND state = 'retiring'")
        .execute(Tuple.of(tenant.value(), activeVersion))
        .mapEmpty();
  }

  @Override
  public Future<Void> destroyAll(TenantId tenant) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "UPDATE tenant_keys SET state = 'destroyed', wrapped_key = NULL, retired_at = coalesce(retired_at, now()) "
                + "WHERE tenant_id = $1")
        .execute(Tuple.of(tenant.value())))
        .mapEmpty();
  }

  private static Tuple values(TenantKeyRow row) {
    return Tuple.tuple().addString(row.tenant().value()).addInteger(row.version()).addString(row.provider())
        .addString(row.keyRef()).addBuffer(row.wrappedKey() == null ? null : Buffer.buffer(row.wrappedKey()));
  }
}
