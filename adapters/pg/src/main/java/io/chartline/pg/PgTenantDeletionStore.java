package io.chartline.pg;

import io.chartline.common.admin.TenantDeletionStore;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code tenant_deletions} and the database purge ({@code purge_tenant}): the
 * {@link TenantDeletionStore} in PostgreSQL, every statement under the tenant's RLS scope (the list
 * of unfinished jobs of every tenant comes from a {@code SECURITY DEFINER} function that returns
 * ids only).
 */
public final class PgTenantDeletionStore extends PgJobs<TenantDeletionStore.Job> implements TenantDeletionStore {

  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  public PgTenantDeletionStore(Pool pool) {
    super(new JobLease(pool, "tenant_deletions", List.of("running", "objects_remaining")));
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public Future<Job> record(NewJob j) {
    TenantId tenant = j.tenant();
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("INSERT INTO tenant_deletions (job_id, tenant_id, "
                + "state, step, requested_by, home_tenant, reason, request_id, audit_event_id, alert_id, alerted_at) "
                + "VALUES ($1, $2, 'running', 'keys', $3, $4, $5, $6, $7, $8, now()) RETURNING *")
            .execute(Tuple.tuple().addUUID(j.jobId()).addString(tenant.value()).addString(j.requestedBy())
                .addString(j.homeTenant().value()).addString(j.reason()).addString(j.requestId())
                .addUUID(j.auditEventId()).addUUID(j.alertId()))
            .compose(inserted -> conn.preparedQuery("UPDATE tenants SET state = 'deleting' "
                    + "WHERE tenant_id = $1 AND state IN ('active', 'deleting')")
                .execute(Tuple.of(tenant.value()))
                .compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture(job(tenant,
                    inserted.iterator().next())) : Future.failedFuture(new ChartlineException(
                        ErrorCode.TENANT_DELETED, tenant, "tenant already deleted", null)))))
        .recover(t -> Future.failedFuture(t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
            ? new ChartlineException(ErrorCode.CONFLICT, tenant, "a deletion of this tenant is already under way",
                null) : t));
  }

  @Override
  public Future<Optional<Job>> find(TenantId tenant) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("SELECT * FROM tenant_deletions WHERE tenant_id = $1")
        .execute(Tuple.of(tenant.value())))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(job(tenant, rs.iterator().next())));
  }

  @Override
  public Future<List<Due>> unfinished() {
    return pool.query("SELECT job_id, tenant_id, next_attempt_at FROM unfinished_tenant_deletions()").execute()
        .map(rs -> {
          List<Due> out = new ArrayList<>(rs.size());
          for (Row r : rs) {
            out.add(new Due(new Ref(TenantId.of(r.getString("tenant_id")), r.getUUID("job_id")),
                Rows.instant(r, "next_attempt_at")));
          }
          return out;
        });
  }

  @Override
  public Future<Void> keysDestroyed(TenantId tenant, UUID jobId, int versions) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET "
            + "step = 'database', key_versions_destroyed = $3, keys_destroyed_at = now(), error_code = NULL, "
            + "updated_at = now() WHERE tenant_id = $1 AND job_id = $2 AND step = 'keys'")
        .execute(Tuple.of(tenant.value(), jobId, versions)))
        .mapEmpty();
  }

  @Override
  public Future<Optional<Purged>> purgeDatabase(TenantId tenant, UUID jobId) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT step FROM tenant_deletions WHERE tenant_id = $1 AND job_id = $2 FOR UPDATE")
        .execute(Tuple.of(tenant.value(), jobId))
        .compose(rs -> !"database".equals(rs.iterator().next().getString(0))
            ? Future.succeededFuture(Optional.<Purged>empty())
            : conn.preparedQuery("SELECT count(*) FROM chunks WHERE tenant_id = $1").execute(Tuple.of(tenant.value()))
                .compose(chunks -> conn.preparedQuery("SELECT purge_tenant($1)").execute(Tuple.of(tenant.value()))
                    .map(purged -> new Purged(purged.iterator().next().getLong(0),
                        chunks.iterator().next().getLong(0))))
                .compose(p -> conn.preparedQuery("UPDATE tenant_deletions SET step = 'objects', "
                        + "documents_deleted = $3, chunks_deleted = $4, database_purged_at = now(), error_code = NULL, "
                        + "updated_at = now() WHERE tenant_id = $1 AND job_id = $2")
                    .execute(Tuple.of(tenant.value(), jobId, p.documents(), p.chunks()))
                    .map(x -> Optional.of(p)))));
  }

  @Override
  public Future<Void> objectsDeleted(TenantId tenant, UUID jobId, long count) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET objects_deleted = "
            + "objects_deleted + $3, updated_at = now() WHERE tenant_id = $1 AND job_id = $2")
        .execute(Tuple.of(tenant.value(), jobId, count)))
        .mapEmpty();
  }

  @Override
  public Future<Void> objectsRemain(TenantId tenant, UUID jobId, String errorCode, int attempts, Duration retry) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET state = "
            + "'objects_remaining', error_code = $3, object_attempts = object_attempts + $4, next_attempt_at = now() "
            + "+ make_interval(secs => $5), lease_owner = NULL, lease_until = NULL, updated_at = now() "
            + "WHERE tenant_id = $1 AND job_id = $2 AND lease_owner = $6")
        .execute(Tuple.of(tenant.value(), jobId, errorCode, attempts, retry.toMillis() / 1000.0, lease.nodeId())))
        .onSuccess(rs -> lease.forget(jobId))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> complete(TenantId tenant, UUID jobId) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE tenant_deletions SET state = 'completed', "
            + "step = 'done', error_code = NULL, next_attempt_at = NULL, finished_at = now(), updated_at = now(), "
            + "lease_owner = NULL, lease_until = NULL WHERE tenant_id = $1 AND job_id = $2 AND state <> 'completed'")
        .execute(Tuple.of(tenant.value(), jobId)))
        .onSuccess(rs -> lease.forget(jobId))
        .map(rs -> rs.rowCount() == 1);
  }

  @Override
  protected Job job(TenantId tenant, Row r) {
    return new Job(r.getUUID("job_id"), tenant, r.getString("state"), r.getString("step"),
        r.getString("requested_by"), r.getString("home_tenant"), r.getUUID("audit_event_id"), r.getUUID("alert_id"),
        Rows.instant(r, "alerted_at"), r.getInteger("key_versions_destroyed"), Rows.instant(r, "keys_destroyed_at"),
        r.getLong("documents_deleted"), r.getLong("chunks_deleted"), Rows.instant(r, "database_purged_at"),
        r.getLong("objects_deleted"), r.getInteger("object_attempts"), Rows.instant(r, "next_attempt_at"),
        r.getString("error_code"), Rows.instant(r, "started_at"), Rows.instant(r, "updated_at"),
        Rows.instant(r, "finished_at"));
  }
}
