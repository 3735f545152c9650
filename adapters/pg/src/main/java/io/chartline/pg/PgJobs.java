package io.chartline.pg;

import io.chartline.common.admin.JobLeases;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The leases of one job table behind {@link JobLeases}: the store says how a row reads as a job. */
abstract class PgJobs<J> implements JobLeases<J> {

  protected final JobLease lease;

  PgJobs(JobLease lease) {
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  /** @return the job a row of the table describes */
  protected abstract J job(TenantId tenant, Row r);

  @Override
  public Future<Optional<J>> claim(TenantId tenant, UUID jobId, Duration duration) {
    return lease.claim(tenant, jobId, duration).map(row -> row.map(r -> job(tenant, r)));
  }

  @Override
  public void forget(UUID jobId) {
    lease.forget(jobId);
  }

  @Override
  public Future<Void> releaseAll() {
    return lease.releaseAll();
  }
}
