package io.chartline.pg;

import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * Runs work in a transaction scoped to one tenant: {@code app.tenant_id} is set with
 * {@code set_config(..., true)} first, so it ends with the transaction and never leaks to the
 * next user of the pooled connection. {@code app.patient_id} is set the same way: empty for the
 * whole tenant, or the one patient a {@link DataScope} narrows reads to. The setting is pipelined with the work's first statement
 * (same connection, same order), which saves a round trip; if it fails, the transaction fails.
 */
public final class TenantTx {

  private TenantTx() {
  }

  /**
   * @return the work's result once committed; fails (and rolls back) when the work or the
   *     commit fails
   */
  public static <T> Future<T> run(Pool pool, TenantId tenant, Function<SqlConnection, Future<T>> work) {
    return run(pool, DataScope.tenant(tenant), work);
  }

  /** Like {@link #run(Pool, TenantId, Function)}, narrowed to the scope's patient when it has one. */
  public static <T> Future<T> run(Pool pool, DataScope scope, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> {
      Future<?> set = conn.preparedQuery(
              "SELECT set_config('app.tenant_id', $1, true), set_config('app.patient_id', $2, true)")
          .execute(Tuple.of(scope.tenant().value(), patientSetting(scope)));
      Future<T> result = work.apply(conn);
      return set.compose(rs -> result);
    });
  }

  /** Like {@link #run(Pool, DataScope, Function)} and also sets HNSW search parameters for this transaction only. */
  public static <T> Future<T> runSearch(Pool pool, DataScope scope, int efSearch,
      Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> {
      Future<?> set = conn
          .preparedQuery("SELECT set_config('app.tenant_id', $1, true), set_config('app.patient_id', $2, true), "
              + "set_config('hnsw.ef_search', $3, true)")
          .execute(Tuple.of(scope.tenant().value(), patientSetting(scope), Integer.toString(efSearch)));
      Future<T> result = work.apply(conn);
      return set.compose(rs -> result);
    });
  }

  private static String patientSetting(DataScope scope) {
    return scope.patientId() == null ? "" : scope.patientId();
  }
}
