package io.chartline.api;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.JwtVerifier;
import io.chartline.common.auth.Permission;
import io.chartline.common.auth.Principal;
import io.chartline.common.auth.RolePermissions;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * Authenticates every {@code /v1} request from its bearer token and checks route permissions
 * against the role table. Failures answer 401/403 with a stable code and emit an audit event.
 */
public final class AuthHandler {

  static final String KEY = "chartline.principal";

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

  /** Verifies the bearer token and stores the principal on the context. */
  public void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    try {
      ctx.put(KEY, verifier.verify(token));
      ctx.next();
    } catch (AuthException e) {
      auditor.record(ctx, "auth.authenticate", "route", ctx.normalizedPath(), Outcome.FAILURE, e.reason())
          .onComplete(ar -> {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ApiErrors.send(ctx, ErrorCode.UNAUTHENTICATED, e.getMessage());
          });
    }
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
