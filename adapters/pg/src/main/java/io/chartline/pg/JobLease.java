package io.chartline.pg;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lease on the rows of one job table ({@code key_rotations}, {@code tenant_deletions}): a job
 * is worked by the node that holds its lease, which each step renews; when the holder stops (its
 * lease is released) or dies (its lease lapses), any node can claim the job and resume it. The
 * table has {@code job_id}, {@code tenant_id}, {@code state}, {@code lease_owner},
 * {@code lease_until} and {@code updated_at}, and its rows are read under the tenant's scope.
 */
final class JobLease {

  private final Pool pool;
  private final String table;
  private final String claimSql;
  private final String[] workable;
  private final String nodeId = UUID.randomUUID().toString();
  private final Map<UUID, TenantId> held = new ConcurrentHashMap<>();

  /**
   * @param table the job table (a constant, never input)
   * @param workableStates the states in which a job may be claimed
   */
  JobLease(Pool pool, String table, List<String> workableStates) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.table = Objects.requireNonNull(table, "table");
    this.claimSql = "UPDATE " + table + " SET lease_owner = $3, lease_until = now() + make_interval(secs => $4), "
        + "updated_at = now() WHERE tenant_id = $1 AND job_id = $2 AND state = ANY($5) "
        + "AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $3) RETURNING *";
    this.workable = List.copyOf(workableStates).toArray(String[]::new);
  }

  /** The id this node writes as {@code lease_owner}. */
  String nodeId() {
    return nodeId;
  }

  /**
   * Takes or renews the lease of a job for {@code lease}.
   *
   * @return the job's row with the lease held by this node; empty when the job is not in a workable
   *     state (finished) or another live node holds it
   */
  Future<Optional<Row>> claim(TenantId tenant, UUID jobId, Duration lease) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(claimSql)
        .execute(Tuple.of(tenant.value(), jobId, nodeId, lease.toMillis() / 1000.0, workable)))
        .map(rs -> {
          if (rs.size() == 0) {
            held.remove(jobId);
            return Optional.<Row>empty();
          }
          held.put(jobId, tenant);
          return Optional.of(rs.iterator().next());
        });
  }

  /** Forgets a job this node no longer works on (finished, or paused with its lease released). */
  void forget(UUID jobId) {
    held.remove(jobId);
  }

  /**
   * Gives up every lease this node holds (on shutdown), so another node can resume the jobs at once
   * instead of after the lease lapses.
   */
  Future<Void> releaseAll() {
    List<Future<?>> released = new ArrayList<>();
    held.forEach((jobId, tenant) -> released.add(release(tenant, jobId)));
    held.clear();
    return Future.join(released).mapEmpty();
  }

  /** Gives up this node's lease of one job. */
  Future<Void> release(TenantId tenant, UUID jobId) {
    held.remove(jobId);
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE " + table
            + " SET lease_owner = NULL, lease_until = NULL WHERE tenant_id = $1 AND job_id = $2 AND lease_owner = $3")
        .execute(Tuple.of(tenant.value(), jobId, nodeId)))
        .mapEmpty();
  }
}
