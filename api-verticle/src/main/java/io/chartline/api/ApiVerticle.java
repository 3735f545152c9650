package io.chartline.api;

import io.chartline.common.auth.Permission;
import io.chartline.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: routes, each with its permission, over components the launcher wires. Every request
 * passes the HTTP limits (header size and count, request line), gets the security headers, and on
 * {@code /v1} is authenticated and then rate limited before any route works; bodies are bounded in
 * size, type and (for JSON) shape before a route reads them, every text field is checked by
 * {@link TextRules} (URL, path and headers by {@link TextInputs} before the body, multipart fields
 * after it, JSON strings by {@link JsonLimits}), and routes answer within the request timeout (see
 * {@link RequestLimits}). Clients that send their request too slowly are cut off by the
 * {@link ClientDeadlineGuard}; failed authentication is limited and its audit aggregated per source
 * address ({@link AuthRefusals}, {@link AuthFailureAudit}).
 */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private final ApiConfig config;
  private final AuthHandler auth;
  private final RateLimitHandler rateLimit;
  private final DocumentRoutes documents;
  private final SearchRoutes search;
  private final AdminRoutes admin;
  private final BreakGlassRoutes breakGlass;
  private final HealthRoutes health;
  private final Handler<RoutingContext> metrics;
  private final Path uploadsDir;
  private final ClientDeadlineGuard clientDeadlines;
  private final AuthFailureAudit authFailures;
  private HttpServer server;

  /**
   * Every {@code /v1} route and the permission it requires: the one place routes declare it. A
   * route registered without an entry here fails at startup.
   */
  public static final Map<String, Permission> ROUTE_PERMISSIONS = routePermissions();

  private static Map<String, Permission> routePermissions() {
    Map<String, Permission> m = new LinkedHashMap<>();
    m.put("POST /v1/documents", Permission.DOCUMENTS_WRITE);
    m.put("GET /v1/documents", Permission.DOCUMENTS_READ);
    m.put("GET /v1/documents/:id", Permission.DOCUMENTS_READ);
    m.put("POST /v1/search", Permission.SEARCH);
    m.put("POST /v1/query", Permission.QUERY);
    m.put("POST /v1/admin/tenants/:tenant/keys/rotate", Permission.KEYS_ROTATE);
    m.put("GET /v1/admin/tenants/:tenant/keys/rotations/:job", Permission.KEYS_ROTATE);
    m.put("GET /v1/admin/tenants/:tenant", Permission.TENANTS_MANAGE);
    m.put("DELETE /v1/admin/tenants/:tenant", Permission.TENANTS_MANAGE);
    m.put("GET /v1/admin/tenants/:tenant/deletion", Permission.TENANTS_MANAGE);
    m.put("POST /v1/admin/break-glass", Permission.BREAK_GLASS);
    return Collections.unmodifiableMap(m);
  }

  private Handler<RoutingContext> guard(String route) {
    Permission p = ROUTE_PERMISSIONS.get(route);
    if (p == null) {
      throw new IllegalStateException("route without a declared permission: " + route);
    }
    return auth.require(p);
  }

  public ApiVerticle(ApiConfig config, AuthHandler auth, RateLimitHandler rateLimit, DocumentRoutes documents,
      SearchRoutes search, AdminRoutes admin, BreakGlassRoutes breakGlass, HealthRoutes health,
      Handler<RoutingContext> metrics, Path uploadsDir, ClientDeadlineGuard clientDeadlines,
      AuthFailureAudit authFailures) {
    this.config = Objects.requireNonNull(config, "config");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
    this.documents = Objects.requireNonNull(documents, "documents");
    this.search = Objects.requireNonNull(search, "search");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.breakGlass = Objects.requireNonNull(breakGlass, "breakGlass");
    this.health = Objects.requireNonNull(health, "health");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.uploadsDir = Objects.requireNonNull(uploadsDir, "uploadsDir");
    this.clientDeadlines = Objects.requireNonNull(clientDeadlines, "clientDeadlines");
    this.authFailures = Objects.requireNonNull(authFailures, "authFailures");
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(HttpLimits.serverOptions(config)).invalidRequestHandler(HttpLimits::refuseInvalid)
        .connectionHandler(clientDeadlines::onConnection);
    return authFailures.start().compose(v -> server.requestHandler(router()).listen())
        .onSuccess(s -> LOG.info("api listening [host: {}, port: {}]", config.host(), s.actualPort()));
  }

  /** @return the port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    // the server first, so no failure is recorded after the windows were flushed
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(authFailures::stop);
  }

  Router router() {
    Router r = Router.router(vertx);
    r.route().handler(clientDeadlines::watch);
    r.route().handler(ctx -> {
      RequestIds.assign(ctx);
      SecurityHeaders.apply(ctx.response());
      ctx.next();
    });
    r.route().handler(HttpLimits.headerCount(config.limits().maxHeaderCount()));
    r.get("/health").handler(health::live);
    r.get("/health/ready").handler(health::ready);
    r.get("/metrics").handler(metrics);

    // limits are keyed by the verified caller, so they run right after authentication
    r.route("/v1/*").handler(auth::authenticate).handler(rateLimit);

    BodyHandler uploadBody = BodyHandler.create(uploadsDir.toString()).setBodyLimit(config.maxUploadBytes())
        .setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true);
    BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(config.maxJsonBytes());
    JsonLimits json = new JsonLimits(config.limits());
    // after the body handlers: the deadline bounds the route's work, not the client's upload speed
    RequestDeadline deadline = new RequestDeadline(config.limits().requestTimeout());

    // Vert.x Web runs body handlers before user handlers on one route, so permission and
    // Content-Type checks (which must come first: no body is read for a caller who may not send
    // it) get their own route.
    r.post("/v1/documents").handler(guard("POST /v1/documents")).handler(TextInputs::beforeBody)
        .handler(documents::precheckSize);
    r.post("/v1/documents").handler(uploadBody).handler(TextInputs::formFields).handler(deadline)
        .handler(documents::upload);
    r.get("/v1/documents").handler(guard("GET /v1/documents")).handler(TextInputs::beforeBody).handler(deadline)
        .handler(documents::list);
    r.get("/v1/documents/:id").handler(guard("GET /v1/documents/:id")).handler(TextInputs::beforeBody)
        .handler(deadline).handler(documents::get);
    r.post("/v1/search").handler(guard("POST /v1/search")).handler(TextInputs::beforeBody)
        .handler(ContentTypes.require("application/json"));
    r.post("/v1/search").handler(jsonBody).handler(json.objectWithFields(SearchRoutes.SEARCH_FIELDS))
        .handler(deadline).handler(search::search);
    r.post("/v1/query").handler(guard("POST /v1/query")).handler(TextInputs::beforeBody)
        .handler(ContentTypes.require("application/json"));
    r.post("/v1/query").handler(jsonBody).handler(json.objectWithFields(SearchRoutes.QUERY_FIELDS))
        .handler(deadline).handler(search::query);
    r.post("/v1/admin/tenants/:tenant/keys/rotate").handler(guard("POST /v1/admin/tenants/:tenant/keys/rotate"))
        .handler(TextInputs::beforeBody).handler(ContentTypes.noBody()).handler(deadline).handler(admin::rotate);
    r.get("/v1/admin/tenants/:tenant/keys/rotations/:job")
        .handler(guard("GET /v1/admin/tenants/:tenant/keys/rotations/:job")).handler(TextInputs::beforeBody)
        .handler(deadline).handler(admin::rotation);
    // the deletion runs as a job: the route answers once it is on record (audited, alerted, started)
    r.delete("/v1/admin/tenants/:tenant").handler(guard("DELETE /v1/admin/tenants/:tenant"))
        .handler(TextInputs::beforeBody).handler(ContentTypes.require("application/json"));
    r.delete("/v1/admin/tenants/:tenant").handler(jsonBody)
        .handler(json.objectWithFields(Set.of("reason", "confirm_tenant_id"))).handler(deadline)
        .handler(admin::deleteTenant);
    r.get("/v1/admin/tenants/:tenant/deletion").handler(guard("GET /v1/admin/tenants/:tenant/deletion"))
        .handler(TextInputs::beforeBody).handler(deadline).handler(admin::deletionJob);
    r.get("/v1/admin/tenants/:tenant").handler(guard("GET /v1/admin/tenants/:tenant")).handler(TextInputs::beforeBody)
        .handler(deadline).handler(admin::describe);
    r.post("/v1/admin/break-glass").handler(guard("POST /v1/admin/break-glass")).handler(TextInputs::beforeBody)
        .handler(ContentTypes.require("application/json"));
    r.post("/v1/admin/break-glass").handler(jsonBody)
        .handler(json.objectWithFields(Set.of("tenant_id", "reason", "duration_seconds")))
        .handler(deadline).handler(breakGlass::open);

    r.route().last().handler(ctx -> ApiErrors.send(ctx, ErrorCode.NOT_FOUND, "no such route"));
    r.errorHandler(405, ctx -> ApiErrors.send(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed"));
    r.errorHandler(413, ctx -> ApiErrors.send(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "request body too large"));
    r.errorHandler(400, ctx -> ApiErrors.send(ctx, ErrorCode.INVALID_REQUEST, "malformed request"));
    r.errorHandler(500, ctx -> {
      LOG.error("unhandled api error [request: {}, error: {}]", RequestIds.of(ctx),
          ctx.failure() == null ? "none" : ctx.failure().getClass().getSimpleName());
      ApiErrors.send(ctx, ErrorCode.INTERNAL, "internal error");
    });
    return r;
  }
}
