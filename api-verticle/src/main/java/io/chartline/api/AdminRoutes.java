package io.chartline.api;

import io.chartline.common.auth.Principal;
import io.chartline.common.crypto.KeyRotations;
import io.chartline.common.crypto.TenantDeletion;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.UUID;

/**
 * Tenant administration: key rotation ({@code keys:rotate}, for the caller's own tenant only; any
 * other tenant id answers 404, like a tenant that does not exist) and tenant deletion
 * ({@code tenants:manage}). Every call is audited, refusals included.
 */
public final class AdminRoutes {

  private final KeyRotations rotations;
  private final TenantDeletion deletion;
  private final Auditor auditor;
  private final TenantOverview overview;

  /** @param rotations null when the node runs without encryption: rotation then answers 409 */
  public AdminRoutes(KeyRotations rotations, TenantDeletion deletion, Auditor auditor, TenantOverview overview) {
    this.rotations = rotations;
    this.deletion = Objects.requireNonNull(deletion, "deletion");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.overview = Objects.requireNonNull(overview, "overview");
  }

  /** {@code GET /v1/admin/tenants/:tenant}: the tenant's metadata, no PHI ({@code tenants:manage}). */
  public void describe(RoutingContext ctx) {
    TenantId tenant = pathTenant(ctx);
    if (tenant == null) {
      return;
    }
    String id = tenant.value();
    overview.describe(tenant).onFailure(t -> ApiErrors.send(ctx, t)).onSuccess(found ->
        auditor.record(ctx, "tenant.describe", "tenant", id, found.isPresent() ? Outcome.SUCCESS : Outcome.FAILURE,
                found.isPresent() ? null : "NOT_FOUND")
            .onFailure(t -> ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "audit unavailable; no data returned"))
            .onSuccess(v -> {
              if (found.isEmpty()) {
                ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "tenant not found");
              } else {
                ctx.response().putHeader("content-type", "application/json").end(found.get().encode());
              }
            }));
  }

  /** {@code POST /v1/admin/tenants/:tenant/keys/rotate}: 202 with the job. */
  public void rotate(RoutingContext ctx) {
    TenantId tenant = ownTenant(ctx, "keys.rotate");
    if (tenant == null) {
      return;
    }
    if (rotations == null) {
      auditor.record(ctx, "keys.rotate", "tenant", tenant.value(), Outcome.FAILURE, ErrorCode.CONFLICT.name());
      ApiErrors.send(ctx, ErrorCode.CONFLICT, "encryption is disabled on this deployment");
      return;
    }
    rotations.start(tenant, AuthHandler.principal(ctx).subject())
        .onFailure(t -> {
          ChartlineException e = ChartlineException.wrap(t, tenant);
          auditor.record(ctx, "keys.rotate", "tenant", tenant.value(), Outcome.FAILURE, e.code().name());
          ApiErrors.send(ctx, t);
        })
        .onSuccess(job -> auditor.record(ctx, "keys.rotate", "key_rotation", job.id().toString(), Outcome.SUCCESS,
                null)
            .onComplete(ar -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                .putHeader("Location", "/v1/admin/tenants/" + tenant.value() + "/keys/rotations/" + job.id())
                .end(json(job).encode())));
  }

  /** {@code GET /v1/admin/tenants/:tenant/keys/rotations/:job}: the job's progress. */
  public void rotation(RoutingContext ctx) {
    TenantId tenant = ownTenant(ctx, "keys.rotation.read");
    if (tenant == null) {
      return;
    }
    UUID jobId = DocumentRoutes.parseId(ctx.pathParam("job"));
    if (jobId == null || rotations == null) {
      ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "rotation job not found");
      return;
    }
    rotations.find(tenant, jobId).onFailure(t -> ApiErrors.send(ctx, t)).onSuccess(job -> {
      if (job.isEmpty()) {
        ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "rotation job not found");
      } else {
        ctx.response().putHeader("content-type", "application/json").end(json(job.get()).encode());
      }
    });
  }

  /** {@code DELETE /v1/admin/tenants/:tenant}: crypto-shreds and purges the tenant. */
  public void deleteTenant(RoutingContext ctx) {
    TenantId tenant = pathTenant(ctx);
    if (tenant == null) {
      return;
    }
    String id = tenant.value();
    deletion.delete(tenant)
        .onFailure(t -> {
          ChartlineException e = ChartlineException.wrap(t, tenant);
          auditor.record(ctx, "tenant.delete", "tenant", id, Outcome.FAILURE, e.code().name());
          ApiErrors.send(ctx, t);
        })
        .onSuccess(r -> auditor.record(ctx, "tenant.delete", "tenant", id, Outcome.SUCCESS, null)
            .onComplete(ar -> ctx.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("tenant", id).put("state", "deleted")
                    .put("key_versions_destroyed", r.keyVersionsDestroyed())
                    .put("objects_deleted", r.objectsDeleted())
                    .put("documents_deleted", r.documentsDeleted()).encode())));
  }

  /** The path's tenant id; a malformed one answers 404 (like an unknown tenant) and returns null. */
  private static TenantId pathTenant(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    if (!TenantId.isValid(id)) {
      ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "tenant not found");
      return null;
    }
    return TenantId.of(id);
  }

  /** The path's tenant when it is the caller's; otherwise answers 404 (no existence oracle) and returns null. */
  private TenantId ownTenant(RoutingContext ctx, String action) {
    Principal p = AuthHandler.principal(ctx);
    String id = ctx.pathParam("tenant");
    if (!p.tenant().value().equals(id)) {
      auditor.record(ctx, action, "tenant", TenantId.isValid(id) ? id : null, Outcome.DENIED, "OTHER_TENANT");
      ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "tenant not found");
      return null;
    }
    return p.tenant();
  }

  private static JsonObject json(KeyRotations.Job job) {
    return new JsonObject()
        .put("job_id", job.id().toString())
        .put("tenant", job.tenant().value())
        .put("from_version", job.fromVersion())
        .put("to_version", job.toVersion())
        .put("state", job.state())
        .put("total_chunks", job.totalChunks())
        .put("done_chunks", job.doneChunks())
        .put("started_at", String.valueOf(job.startedAt()))
        .put("updated_at", String.valueOf(job.updatedAt()))
        .put("finished_at", job.finishedAt() == null ? null : job.finishedAt().toString())
        .put("error_code", job.errorCode());
  }
}
