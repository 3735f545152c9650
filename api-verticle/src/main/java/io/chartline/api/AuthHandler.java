package io.chartline.api;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.Permission;
import io.chartline.common.auth.Principal;
import io.chartline.common.auth.RolePermissions;
import io.chartline.common.auth.TokenVerifier;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.chartline.common.tenant.DataScope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every {@code /v1} request from its bearer token and checks route permissions
 * against the role table. Failures answer 401/403 with a stable code (the audit event carries the
 * precise reason, the caller does not) and are audited; failed authentication is limited and its
 * audit aggregated per source address ({@link AuthRefusals}). No stack trace reaches the caller.
 */
public final class AuthHandler {

  static final String KEY = "chartline.principal";
  static final String SCOPE_KEY = "chartline.scope";
  static final String BREAK_GLASS_KEY = "chartline.break-glass";
  private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

  private final TokenVerifier verifier;
  private final RolePermissions roles;
  private final Auditor auditor;
  private final BreakGlass breakGlass;
  private final AuthRefusals refusals;

  /**
   * @param breakGlass resolves presented break-glass grants; null: none are honoured
   * @param refusals answers and audits failed authentication, limited per source address
   */
  public AuthHandler(TokenVerifier verifier, RolePermissions roles, Auditor auditor, BreakGlass breakGlass,
      AuthRefusals refusals) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.roles = Objects.requireNonNull(roles, "roles");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
    this.breakGlass = breakGlass;
    this.refusals = Objects.requireNonNull(refusals, "refusals");
  }

  /** @return true when this request reads a tenant's data under a break-glass grant */
  public static boolean underBreakGlass(RoutingContext ctx) {
    return ctx.get(BREAK_GLASS_KEY) != null;
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /**
   * @return what this request's reads may see, as decided by the route's permission check: the
   *     caller's tenant, narrowed to one patient for patient-scoped callers
   */
  public static DataScope scope(RoutingContext ctx) {
    DataScope s = ctx.get(SCOPE_KEY);
    if (s != null) {
      return s;
    }
    Principal p = principal(ctx);
    // a route without a permission check never sees more than the token's own patient
    return p.patientId() == null ? DataScope.tenant(p.tenant()) : DataScope.patient(p.tenant(), p.patientId());
  }

  /**
   * Verifies the bearer token and stores the principal on the context. Known keys answer at once;
   * a token naming an unknown key waits for the verifier's rate-limited key refresh, with the
   * request paused so no body data is lost meanwhile. Refusals go to {@link AuthRefusals}: 401, or
   * 429 when the source address sends too many, audited on their own or in aggregate.
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
      refusals.refuse(ctx, reason);
    });
  }

  /**
   * Lets a super admin's read through under a break-glass grant: the request then acts in the
   * grant's tenant (the whole tenant), and each of its audit events is committed to the audit log
   * before data is returned. An expired, revoked, unknown or someone else's grant is 403.
   */
  private void presentGrant(RoutingContext ctx, Principal p, Permission permission, String header) {
    UUID id = DocumentRoutes.parseId(header.trim());
    if (id == null) {
      denyGrant(ctx, permission, ErrorCode.BREAK_GLASS_DENIED, "BREAK_GLASS_INVALID");
      return;
    }
    ctx.request().pause();
    breakGlass.present(p, id).onComplete(ar -> {
      if (ar.failed()) {
        ctx.request().resume();
        LOG.error("break-glass lookup failed [request: {}, error: {}]", RequestIds.of(ctx),
            ar.cause().getClass().getSimpleName());
        ApiErrors.send(ctx, ErrorCode.UNAVAILABLE, "break-glass cannot be checked now");
        return;
      }
      BreakGlass.Presented grant = ar.result();
      if (grant.state() != BreakGlass.State.USABLE) {
        ctx.request().resume();
        boolean expired = grant.state() == BreakGlass.State.EXPIRED;
        denyGrant(ctx, permission, expired ? ErrorCode.BREAK_GLASS_EXPIRED : ErrorCode.BREAK_GLASS_DENIED,
            expired ? "BREAK_GLASS_EXPIRED" : "BREAK_GLASS_INVALID");
        return;
      }
      ctx.put(KEY, p.actingIn(grant.tenant()));
      ctx.put(SCOPE_KEY, DataScope.tenant(grant.tenant()));
      ctx.put(BREAK_GLASS_KEY, id);
      ctx.next();
      ctx.request().resume();
    });
  }

  private void denyGrant(RoutingContext ctx, Permission permission, ErrorCode code, String reason) {
    auditor.record(ctx, "auth.break_glass", "permission", permission.id(), Outcome.DENIED, reason)
        .onComplete(ar -> ApiErrors.send(ctx, code, code == ErrorCode.BREAK_GLASS_EXPIRED
            ? "the break-glass grant has expired; open a new one" : "this break-glass grant is not usable"));
  }

  /**
   * @return a handler letting the request through only when a role grants {@code permission}
   *     (with the consent scope and patient context the role needs); it records what the
   *     request's reads may see ({@link #scope})
   */
  public Handler<RoutingContext> require(Permission permission) {
    return ctx -> {
      Principal p = principal(ctx);
      RolePermissions.Access access = p == null ? null : roles.access(p, permission);
      if (access != null && access.allowed()) {
        ctx.put(SCOPE_KEY, access.scope());
        ctx.next();
        return;
      }
      String grant = ctx.request().getHeader(BreakGlass.HEADER);
      if (grant != null && p != null && breakGlass != null && BreakGlass.GRANTS.contains(permission)
          && roles.allows(p.roles(), Permission.BREAK_GLASS)) {
        presentGrant(ctx, p, permission, grant);
        return;
      }
      String reason = access == null ? "MISSING_PERMISSION" : access.denial();
      String message = switch (reason) {
        case "CONSENT_SCOPE_MISSING" -> "missing consent scope for: " + permission.id();
        case "PATIENT_CONTEXT_REQUIRED" -> "this role needs a token that names a patient";
        default -> "missing permission: " + permission.id();
      };
      auditor.record(ctx, "auth.authorize", "permission", permission.id(), Outcome.DENIED, reason)
          .onComplete(ar -> ApiErrors.send(ctx, ErrorCode.FORBIDDEN, message));
    };
  }
}
