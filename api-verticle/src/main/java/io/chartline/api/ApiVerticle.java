package io.chartline.api;

import io.chartline.common.auth.Permission;
import io.chartline.common.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: routes, each with its permission, over components the launcher wires. */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  private final ApiConfig config;
  private final AuthHandler auth;
  private final DocumentRoutes documents;
  private final SearchRoutes search;
  private final AdminRoutes admin;
  private final HealthRoutes health;
  private final Handler<RoutingContext> metrics;
  private final Path uploadsDir;
  private HttpServer server;

  public ApiVerticle(ApiConfig config, AuthHandler auth, DocumentRoutes documents, SearchRoutes search,
      AdminRoutes admin, HealthRoutes health, Handler<RoutingContext> metrics, Path uploadsDir) {
    this.config = Objects.requireNonNull(config, "config");
    this.auth = Objects.requireNonNull(auth, "auth");
    this.documents = Objects.requireNonNull(documents, "documents");
    this.search = Objects.requireNonNull(search, "search");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.health = Objects.requireNonNull(health, "health");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.uploadsDir = Objects.requireNonNull(uploadsDir, "uploadsDir");
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setMaxHeaderSize(16 * 1024).setCompressionSupported(true));
    return server.requestHandler(router()).listen()
        .onSuccess(s -> LOG.info("api listening [host: {}, port: {}]", config.host(), s.actualPort()));
  }

  /** @return the port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  Router router() {
    Router r = Router.router(vertx);
    r.route().handler(ctx -> {
      RequestIds.assign(ctx);
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    });
    r.get("/health").handler(health::live);
    r.get("/health/ready").handler(health::ready);
    r.get("/metrics").handler(metrics);

    r.route("/v1/*").handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-store");
      ctx.next();
    });
    r.route("/v1/*").handler(auth::authenticate);

    BodyHandler uploadBody = BodyHandler.create(uploadsDir.toString()).setBodyLimit(config.maxUploadBytes())
        .setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true);
    BodyHandler jsonBody = BodyHandler.create(false).setBodyLimit(config.maxJsonBytes());

    // Vert.x Web runs body handlers before user handlers on one route, so permission checks
    // (which must come first: no body is read for a caller who may not send it) get their own route.
    r.post("/v1/documents").handler(auth.require(Permission.DOCUMENTS_WRITE)).handler(documents::precheckSize);
    r.post("/v1/documents").handler(uploadBody).handler(documents::upload);
    r.get("/v1/documents").handler(auth.require(Permission.DOCUMENTS_READ)).handler(documents::list);
    r.get("/v1/documents/:id").handler(auth.require(Permission.DOCUMENTS_READ)).handler(documents::get);
    r.post("/v1/search").handler(auth.require(Permission.SEARCH));
    r.post("/v1/search").handler(jsonBody).handler(search::search);
    r.post("/v1/query").handler(auth.require(Permission.QUERY));
    r.post("/v1/query").handler(jsonBody).handler(search::query);
    r.post("/v1/admin/tenants/:tenant/keys/rotate").handler(auth.require(Permission.KEYS_ROTATE))
        .handler(admin::rotate);
    r.get("/v1/admin/tenants/:tenant/keys/rotations/:job").handler(auth.require(Permission.KEYS_ROTATE))
        .handler(admin::rotation);
    r.delete("/v1/admin/tenants/:tenant").handler(auth.require(Permission.TENANTS_MANAGE))
        .handler(admin::deleteTenant);

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
