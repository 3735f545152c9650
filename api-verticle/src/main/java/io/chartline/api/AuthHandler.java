package io.chartline.api;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.JwtVerifier;
import io.chartline.common.auth.Permission;
import io.chartline.common.auth.Principal;
import io.chartline.common.auth.RolePermissions;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every {@code /v1} request from its bearer token and checks route permissions
 * against the role table. Failures answer 401/403 with a stable code (the audit event carries the
 * precise reason, the caller does not) and emit an audit event; no stack trace reaches the caller.
 */
public final class AuthHandler {

  static final String KEY = "chartline.principal";
  private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

  private final JwtVerifier verifier;
  private final RolePermissions roles;
  private final Auditor auditor;

  public AuthHandler(JwtVerifier verifier, RolePermissions roles, Auditor auditor) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.roles = Objects.requireNonNull(roles, "roles");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /**
   * Verifies the bearer token and stores the principal on the context. Known keys answer at once;
   * a token naming an unknown key waits for the verifier's rate-limited key refresh, with the
   * request paused so no body data is lost meanwhile. Refusals answer 401 after the audit event.
   */
  public void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    Future<Principal> verified = verifier.verifyAsync(token);
    boolean paused = !verified.isComplete();
    if (paused) {
      ctx.request().pause();
    }
    verified.onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(KEY, ar.result());
        ctx.next();
        if (paused) {
          // body handlers resume the request themselves while next() runs; routes without one need it here
          ctx.request().resume();
        }
        return;
      }
      if (paused) {
        ctx.request().resume();
      }
      String reason = ar.cause() instanceof AuthException e ? e.reason() : "VERIFIER_ERROR";
      if (!(ar.cause() instanceof AuthException)) {
        LOG.error("token verification error [request: {}, error: {}]", RequestIds.of(ctx),
            ar.cause().getClass().getSimpleName());
      }
      auditor.record(ctx, "auth.authenticate", "route", RouteNames.of(ctx), Outcome.FAILURE, reason)
          .onComplete(audited -> {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ApiErrors.send(ctx, ErrorCode.UNAUTHENTICATED, "invalid or missing bearer token");
          });
    });
  }

  /** @return a handler letting the request through only when a role grants {@code permission}. */
  public Handler<RoutingContext> require(Permission permission) {
    return ctx -> {
      Principal p = principal(ctx);
      if (p != null && roles.allows(p.roles(), permission)) {
        ctx.next();
        return;
      }
      auditor.record(ctx, "auth.authorize", "permission", permission.id(), Outcome.DENIED, "MISSING_PERMISSION")
          .onComplete(ar -> ApiErrors.send(ctx, ErrorCode.FORBIDDEN, "missing permission: " + permission.id()));
    };
  }
}
