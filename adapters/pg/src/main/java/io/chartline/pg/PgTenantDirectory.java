package io.chartline.pg;

import io.chartline.common.tenant.TenantDirectory;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code tenants} and the counts of what a tenant holds: the {@link TenantDirectory} in PostgreSQL,
 * under the tenant's RLS scope.
 */
public final class PgTenantDirectory implements TenantDirectory {

  private static final String SUMMARY = "SELECT t.state, t.created_at, t.deleted_at, "
      + "(SELECT coalesce(json_object_agg(status, n), '{}'::json)::text FROM "
      + "(SELECT status, count(*) AS n FROM documents GROUP BY status) s), "
      + "(SELECT count(*) FROM chunks), "
      + "(SELECT coalesce(json_agg(json_build_object('version', version, 'state', state) ORDER BY version), "
      + "'[]'::json)::text FROM tenant_keys), "
      + "(SELECT count(*) FROM break_glass_grants WHERE revoked_at IS NULL AND expires_at > now()), "
      + "(SELECT json_build_object('job_id', job_id, 'state', state, 'step', step)::text FROM tenant_deletions) "
      + "FROM tenants t WHERE t.tenant_id = $1";

  private final Pool pool;

  public PgTenantDirectory(Pool pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public Future<Optional<State>> state(TenantId tenant) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("SELECT state FROM tenants WHERE tenant_id = $1")
        .execute(Tuple.of(tenant.value())))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(state(rs.iterator().next().getString(0))));
  }

  @Override
  public Future<Optional<Summary>> summary(TenantId tenant) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(SUMMARY).execute(Tuple.of(tenant.value())))
        .map(rs -> {
          if (rs.size() == 0) {
            return Optional.empty();
          }
          Row r = rs.iterator().next();
          Map<String, Long> byStatus = new LinkedHashMap<>();
          new JsonObject(r.getString(3)).forEach(e -> byStatus.put(e.getKey(), ((Number) e.getValue()).longValue()));
          List<KeyVersion> versions = new ArrayList<>();
          for (Object o : new JsonArray(r.getString(5))) {
            JsonObject v = (JsonObject) o;
            versions.add(new KeyVersion(v.getInteger("version"), v.getString("state")));
          }
          JsonObject d = r.getString(7) == null ? null : new JsonObject(r.getString(7));
          OffsetDateTime deletedAt = r.get(OffsetDateTime.class, 2);
          return Optional.of(new Summary(state(r.getString(0)), r.get(OffsetDateTime.class, 1).toInstant(),
              deletedAt == null ? null : deletedAt.toInstant(), byStatus, r.getLong(4), versions, r.getLong(6),
              d == null ? null : new Deletion(UUID.fromString(d.getString("job_id")), d.getString("state"),
                  d.getString("step"))));
        });
  }

  private static State state(String db) {
    return State.valueOf(db.toUpperCase(Locale.ROOT));
  }
}
