package io.chartline.launcher;

import io.chartline.api.HealthRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code /health} and {@code /health/ready} on their own port ({@code CHARTLINE_HEALTH_PORT}), for
 * nodes whose roles serve no API (ingest, embed, query, audit), so an orchestrator (ECS, Railway,
 * Kubernetes) can tell whether each process can do its work. The probes are the node's roles'
 * ({@link Wiring#checks}); nothing else is served on this port.
 */
final class HealthVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final Map<String, Supplier<Future<Void>>> checks;
  private final Clock clock;
  private HttpServer server;

  HealthVerticle(String host, int port, Map<String, Supplier<Future<Void>>> checks, Clock clock) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.checks = Map.copyOf(checks);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<?> start() {
    HealthRoutes health = new HealthRoutes(checks, clock);
    Router router = Router.router(vertx);
    router.get("/health").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> server = s);
  }

  /** @return the bound port (after start) */
  int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
