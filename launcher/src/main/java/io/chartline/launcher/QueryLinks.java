package io.chartline.launcher;

import io.chartline.api.QueryBackends;
import io.chartline.api.QueryRelay;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.query.LinkAuth;
import io.chartline.common.query.QueryLinkSettings;
import io.chartline.common.query.QueryProtocol;
import io.chartline.query.QueryLinkServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query link of a node (ADR 0019): a query node serves it on {@code CHARTLINE_QUERY_PORT}; an
 * api node without the query role relays its searches over it to the nodes at
 * {@code CHARTLINE_QUERY_URLS} and is ready only while one of them is. An api node with neither
 * refuses every search at once with a message naming the setting, says so when it starts, and is
 * not ready.
 */
final class QueryLinks {

  private static final Logger LOG = LoggerFactory.getLogger(QueryLinks.class);
  static final String NO_BACKEND = "no query backend: this node has no query role and CHARTLINE_QUERY_URLS is not set";

  private final Vertx vertx;
  private final AppConfig config;
  private final Clock clock;
  private QueryLinkServer server;

  QueryLinks(Vertx vertx, AppConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Deploys this node's side of the link and registers the api role's {@code query} readiness probe
   * with {@code w}; must run before the node's health endpoints are built.
   */
  Future<Void> deploy(Wiring w, Map<String, Supplier<Future<Void>>> checks, MeterRegistry registry) {
    QueryLinkSettings link = config.queryLink();
    List<Future<?>> deployed = new ArrayList<>();
    if (config.roles().contains(Role.QUERY) && link.serves()) {
      server = new QueryLinkServer(config.api().host(), link, new LinkAuth(link.keys(), clock), () -> all(checks), registry);
      deployed.add(vertx.deployVerticle(server).onSuccess(id -> LOG.info("query link served [port: {}]",
          server.actualPort())));
    }
    if (config.roles().contains(Role.API) && !config.roles().contains(Role.QUERY)) {
      if (link.calls()) {
        QueryBackends backends = new QueryBackends(vertx, link);
        Gauge.builder("chartline.query.link.ready.nodes", backends, QueryBackends::readyCount)
            .description("Query nodes this api node finds ready").register(registry);
        w.readiness("query", backends::ready);
        deployed.add(backends.start().compose(v -> vertx.deployVerticle(new QueryRelay(backends,
            new LinkAuth(link.keys(), clock), config.api().queryTimeout(), registry))));
      } else {
        LOG.warn(NO_BACKEND + ": every search and query is refused until it is");
        w.readiness("query", () -> Future.failedFuture(NO_BACKEND));
        deployed.add(vertx.eventBus().localConsumer(QueryProtocol.ADDRESS, m -> m.fail(503,
            QueryProtocol.failureMessage(ErrorCode.UNAVAILABLE, NO_BACKEND))).completion());
      }
    }
    return Future.all(deployed).mapEmpty();
  }

  /** @return the port the link is served on, or -1 */
  int port() {
    return server == null ? -1 : server.actualPort();
  }

  private static Future<Void> all(Map<String, Supplier<Future<Void>>> checks) {
    List<Future<Void>> probes = new ArrayList<>();
    for (Supplier<Future<Void>> c : checks.values()) {
      probes.add(c.get());
    }
    return Future.all(probes).mapEmpty();
  }
}
