package io.chartline.api;

import io.chartline.common.auth.Principal;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code POST /v1/admin/break-glass} {@code {"tenant_id", "reason", "duration_seconds"}}: opens a
 * break-glass grant ({@code break_glass:open}). Without a reason of 10 to 500 characters the answer
 * is 403 {@code BREAK_GLASS_DENIED}. On success, 201 with the grant id to send as
 * {@value BreakGlass#HEADER} on reads of that tenant until {@code expires_at}. The reason is stored
 * with the grant and never logged or streamed.
 */
public final class BreakGlassRoutes {

  private final BreakGlass breakGlass;
  private final Auditor auditor;

  public BreakGlassRoutes(BreakGlass breakGlass, Auditor auditor) {
    this.breakGlass = Objects.requireNonNull(breakGlass, "breakGlass");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
  }

  public void open(RoutingContext ctx) {
    Principal p = AuthHandler.principal(ctx);
    JsonObject body = ctx.body().asJsonObject();
    Object tenantValue = body.getValue("tenant_id");
    if (!(tenantValue instanceof String t) || !TenantId.isValid(t)) {
      auditor.record(ctx, "break_glass.open", "tenant", null, Outcome.DENIED, "NOT_FOUND")
          .onComplete(ar -> ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "tenant not found"));
      return;
    }
    TenantId tenant = TenantId.of(t);
    Object reason = body.getValue("reason");
    if (!(reason instanceof String r) || r.strip().length() < BreakGlass.MIN_REASON) {
      auditor.record(ctx, "break_glass.open", "tenant", tenant.value(), Outcome.DENIED, "REASON_REQUIRED")
          .onComplete(ar -> ApiErrors.send(ctx, ErrorCode.BREAK_GLASS_DENIED, "break-glass needs a reason of "
              + BreakGlass.MIN_REASON + " to " + BreakGlass.MAX_REASON + " characters"));
      return;
    }
    if (r.strip().length() > BreakGlass.MAX_REASON) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "'reason' must be at most " + BreakGlass.MAX_REASON
          + " characters");
      return;
    }
    Duration max = breakGlass.settings().maxDuration();
    Object seconds = body.getValue("duration_seconds", breakGlass.settings().defaultDuration().toSeconds());
    if (!(seconds instanceof Integer || seconds instanceof Long) || ((Number) seconds).longValue() < 1
        || ((Number) seconds).longValue() > max.toSeconds()) {
      ApiErrors.send(ctx, ErrorCode.INVALID_PARAMETER, "'duration_seconds' must be an integer between 1 and "
          + max.toSeconds());
      return;
    }
    breakGlass.open(p, tenant, r.strip(), Duration.ofSeconds(((Number) seconds).longValue()), RequestIds.of(ctx))
        .onFailure(err -> {
          ChartlineException e = ChartlineException.wrap(err, tenant);
          auditor.record(ctx, "break_glass.open", "tenant", tenant.value(), Outcome.FAILURE, e.code().name())
              .onComplete(ar -> ApiErrors.send(ctx, e.code(), e.code() == ErrorCode.NOT_FOUND ? "tenant not found"
                  : e.getMessage()));
        })
        .onSuccess(grant -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(new JsonObject()
                .put("grant_id", grant.id().toString())
                .put("tenant_id", grant.tenant().value())
                .put("expires_at", grant.expiresAt().toString())
                .put("header", BreakGlass.HEADER)
                .put("allows", "documents:read, search, query").encode()));
  }
}
