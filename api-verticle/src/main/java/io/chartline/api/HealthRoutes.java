package io.chartline.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code /health} (process is up) and {@code /health/ready} (every dependency answers). */
public final class HealthRoutes {

  private final Map<String, Supplier<Future<Void>>> checks;

  /** @param checks named readiness probes, e.g. database, kafka, s3 */
  public HealthRoutes(Map<String, Supplier<Future<Void>>> checks) {
    this.checks = Map.copyOf(Objects.requireNonNull(checks, "checks"));
  }

  public void live(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
  }

  public void ready(RoutingContext ctx) {
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<Void>> results = new ArrayList<>();
    for (String n : names) {
      Future<Void> f;
      try {
        f = checks.get(n).get().timeout(3, java.util.concurrent.TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      results.add(f);
    }
    Future.join(results).onComplete(ar -> {
      JsonObject detail = new JsonObject();
      boolean up = true;
      for (int i = 0; i < names.size(); i++) {
        boolean ok = results.get(i).succeeded();
        up &= ok;
        detail.put(names.get(i), ok ? "UP" : "DOWN");
      }
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", detail).encode());
    });
  }
}
