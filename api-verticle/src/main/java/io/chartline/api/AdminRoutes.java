package io.chartline.api;

import io.chartline.api.admin.KeyRotations;
import io.chartline.api.admin.TenantDeletion;
import io.chartline.common.admin.KeyRotationStore;
import io.chartline.common.admin.TenantDeletionStore;
import io.chartline.common.auth.Principal;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.tenant.TenantId;
import io.chartline.common.text.ReasonText;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Tenant administration: key rotation ({@code keys:rotate}, for the caller's own tenant only; any
 * other tenant id answers 404, like a tenant that does not exist) and tenant deletion
 * ({@code tenants:manage}, with a reason and the tenant id repeated as confirmation). Every change
 * is audited, refusals included.
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

  /**
   * {@code DELETE /v1/admin/tenants/:tenant} {@code {"reason", "confirm_tenant_id"}}: starts the
   * tenant's deletion (crypto-shredding, then purging) and answers 202 with the job. The body must
   * repeat the tenant id ({@code CONFIRMATION_MISMATCH} otherwise) and give a reason
   * ({@link ReasonText}; {@code REASON_REQUIRED} otherwise); a refused request destroys nothing.
   * The deletion is audited and alerted on {@code audit.alerts.v1} before anything is destroyed.
   */
  public void deleteTenant(RoutingContext ctx) {
    TenantId tenant = pathTenant(ctx);
    if (tenant == null) {
      return;
    }
    String id = tenant.value();
    JsonObject body = ctx.body().asJsonObject();
    if (!id.equals(body.getValue("confirm_tenant_id"))) {
      auditor.record(ctx, "tenant.delete", "tenant", id, Outcome.DENIED, ErrorCode.CONFIRMATION_MISMATCH.name())
          .onComplete(ar -> ApiErrors.send(ctx, ErrorCode.CONFIRMATION_MISMATCH,
              "'confirm_tenant_id' must repeat the id of the tenant to delete"));
      return;
    }
    Optional<String> reason = ReasonText.accept(body.getValue("reason"));
    if (reason.isEmpty()) {
      auditor.record(ctx, "tenant.delete", "tenant", id, Outcome.DENIED, ErrorCode.REASON_REQUIRED.name())
          .onComplete(ar -> ApiErrors.send(ctx, ErrorCode.REASON_REQUIRED, "'reason': " + ReasonText.RULE));
      return;
    }
    Principal p = AuthHandler.principal(ctx);
    deletion.start(new TenantDeletion.Request(tenant, p.subject(), p.roles(), p.tenant(), reason.get(),
            RequestIds.of(ctx)))
        .onFailure(t -> {
          ChartlineException e = ChartlineException.wrap(t, tenant);
          auditor.record(ctx, "tenant.delete", "tenant", id, Outcome.FAILURE, e.code().name())
              .onComplete(ar -> ApiErrors.send(ctx, e.code(), e.code() == ErrorCode.NOT_FOUND ? "tenant not found"
                  : e.getMessage()));
        })
        // the deletion committed its own audit event, in the deleted tenant's log, before the alert
        .onSuccess(job -> ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
            .putHeader("Location", deletionPath(tenant)).end(json(job).encode()));
  }

  /** {@code GET /v1/admin/tenants/:tenant/deletion}: the deletion job's state and progress ({@code tenants:manage}). */
  public void deletionJob(RoutingContext ctx) {
    TenantId tenant = pathTenant(ctx);
    if (tenant == null) {
      return;
    }
    deletion.find(tenant).onFailure(t -> ApiErrors.send(ctx, t)).onSuccess(job -> {
      if (job.isEmpty()) {
        ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "no deletion of this tenant");
      } else {
        ctx.response().putHeader("content-type", "application/json").end(json(job.get()).encode());
      }
    });
  }

  static String deletionPath(TenantId tenant) {
    return "/v1/admin/tenants/" + tenant.value() + "/deletion";
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

  /** The job without its reason: the reason stays with the job's record in the database. */
  static JsonObject json(TenantDeletionStore.Job job) {
    return new JsonObject()
        .put("job_id", job.id().toString())
        .put("tenant", job.tenant().value())
        .put("state", job.state())
        .put("step", job.step())
        .put("requested_by", new JsonObject().put("subject", job.requestedBy()).put("home_tenant", job.homeTenant()))
        .put("audit_event_id", job.auditEventId().toString())
        .put("alert_id", job.alertId().toString())
        .put("alerted_at", time(job.alertedAt()))
        .put("progress", new JsonObject()
            .put("key_versions_destroyed", job.keyVersionsDestroyed())
            .put("documents_deleted", job.documentsDeleted())
            .put("chunks_deleted", job.chunksDeleted())
            .put("objects_deleted", job.objectsDeleted()))
        .put("keys_destroyed_at", time(job.keysDestroyedAt()))
        .put("database_purged_at", time(job.databasePurgedAt()))
        .put("object_attempts", job.objectAttempts())
        .put("next_attempt_at", time(job.nextAttemptAt()))
        .put("error_code", job.errorCode())
        .put("started_at", time(job.startedAt()))
        .put("updated_at", time(job.updatedAt()))
        .put("finished_at", time(job.finishedAt()));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static JsonObject json(KeyRotationStore.Job job) {
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
