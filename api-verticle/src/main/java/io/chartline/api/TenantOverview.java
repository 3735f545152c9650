package io.chartline.api;

import io.chartline.common.db.TenantTx;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator may know about a tenant without reading its PHI: state, counts, key versions,
 * open break-glass grants and its deletion job, if any. Never titles, text, patient ids or reasons.
 */
public final class TenantOverview {

  private static final String SQL = "SELECT t.state, t.created_at, t.deleted_at, "
      + "(SELECT coalesce(json_object_agg(status, n), '{}'::json)::text FROM "
      + "(SELECT status, count(*) AS n FROM documents GROUP BY status) s), "
      + "(SELECT count(*) FROM chunks), "
      + "(SELECT coalesce(json_agg(json_build_object('version', version, 'state', state) ORDER BY version), "
      + "'[]'::json)::text FROM tenant_keys), "
      + "(SELECT count(*) FROM break_glass_grants WHERE revoked_at IS NULL AND expires_at > now()), "
      + "(SELECT json_build_object('job_id', job_id, 'state', state, 'step', step)::text FROM tenant_deletions) "
      + "FROM tenants t WHERE t.tenant_id = $1";

  private final Pool appPool;

  public TenantOverview(Pool appPool) {
    this.appPool = Objects.requireNonNull(appPool, "appPool");
  }

  /** @return the overview, or empty when the tenant does not exist */
  public Future<Optional<JsonObject>> describe(TenantId tenant) {
    return TenantTx.run(appPool, tenant, conn -> conn.preparedQuery(SQL).execute(Tuple.of(tenant.value())))
        .map(rs -> {
          if (rs.size() == 0) {
            return Optional.empty();
          }
          Row r = rs.iterator().next();
          return Optional.of(new JsonObject()
              .put("tenant_id", tenant.value())
              .put("state", r.getString(0))
              .put("created_at", String.valueOf(r.get(OffsetDateTime.class, 1)))
              .put("deleted_at", r.get(OffsetDateTime.class, 2) == null ? null : r.get(OffsetDateTime.class, 2)
                  .toString())
              .put("documents_by_status", new JsonObject(r.getString(3)))
              .put("chunks", r.getLong(4))
              .put("key_versions", new JsonArray(r.getString(5)))
              .put("open_break_glass_grants", r.getLong(6))
              .put("deletion", r.getString(7) == null ? null : new JsonObject(r.getString(7))));
        });
  }
}
