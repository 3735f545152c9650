package io.chartline.api;

import io.chartline.common.auth.Principal;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link CallerRateLimits} to an authenticated request, before its route does any work. A
 * refused request gets 429 RATE_LIMITED with {@code Retry-After} (whole seconds) and emits an audit
 * event (action {@code api.rate_limit}, outcome denied, reason RATE_LIMITED, the route as a
 * template); the answer follows the audit attempt whether or not the event could be made durable,
 * since no data is returned. Must run after authentication: the keys are the verified tenant and
 * subject, never anything the caller merely claims.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimitHandler.class);

  private final CallerRateLimits limits;
  private final Auditor auditor;

  public RateLimitHandler(CallerRateLimits limits, Auditor auditor) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal caller = AuthHandler.principal(ctx);
    if (caller == null) {
      // wired after authentication, so this is a wiring defect: refuse rather than run unlimited
      ApiErrors.send(ctx, ErrorCode.UNAUTHENTICATED, "authentication required");
      return;
    }
    // the shared buckets answer asynchronously: the body waits (paused) for the route's body handler,
    // which resumes it, or for the refusal, which drops it
    if (!ctx.request().isEnded()) {
      ctx.request().pause();
    }
    limits.acquire(caller).onComplete(ar -> {
      CallerRateLimits.Refusal refusal = ar.succeeded() ? ar.result() : null;
      if (refusal == null) {
        ctx.next();
      } else {
        refuse(ctx, caller, refusal);
      }
    });
  }

  private void refuse(RoutingContext ctx, Principal caller, CallerRateLimits.Refusal refusal) {
    LOG.debug("rate limited [tenant: {}, scope: {}, request: {}]", caller.tenant(), refusal.scope(),
        RequestIds.of(ctx));
    String route = RouteNames.of(ctx);
    auditor.record(ctx, "api.rate_limit", "route", route, Outcome.DENIED, ErrorCode.RATE_LIMITED.name())
        .onComplete(ar -> {
          if (!ctx.response().headWritten()) {
            ctx.response().putHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
          }
          ApiErrors.send(ctx, ErrorCode.RATE_LIMITED, "too many requests for this " + refusal.scope()
              + "; retry after " + refusal.retryAfterSeconds() + " s");
        });
  }
}
