package io.chartline.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /health} (process is up) and {@code /health/ready} (every dependency answers). Readiness
 * is open to anyone, so it never fans out more than one round of probes per {@link #REUSE}: callers
 * arriving meanwhile share the round in flight or its result. Each probe gets 3 s.
 *
 * <p>One instance per verticle instance (it is used from that instance's event loop only).
 */
public final class HealthRoutes {

  /** How long one round of readiness probes answers for. */
  static final Duration REUSE = Duration.ofSeconds(1);

  private final Map<String, Supplier<Future<Void>>> checks;
  private final Clock clock;
  private Future<JsonObject> round;
  private long roundStartedMs;

  /** @param checks named readiness probes, e.g. database, kafka, s3 */
  public HealthRoutes(Map<String, Supplier<Future<Void>>> checks) {
    this(checks, Clock.systemUTC());
  }

  /** @param clock decides when a round of probes is stale */
  public HealthRoutes(Map<String, Supplier<Future<Void>>> checks, Clock clock) {
    this.checks = Map.copyOf(Objects.requireNonNull(checks, "checks"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void live(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
  }

  public void ready(RoutingContext ctx) {
    long now = clock.millis();
    if (round == null || (round.isComplete() && now - roundStartedMs >= REUSE.toMillis())) {
      round = probe();
      roundStartedMs = now;
    }
    round.onComplete(ar -> {
      JsonObject result = ar.result();
      boolean up = "UP".equals(result.getString("status"));
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
            .end(result.encode());
      }
    });
  }

  /** One round: every probe, joined; always succeeds with the UP/DOWN summary. */
  private Future<JsonObject> probe() {
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<Void>> results = new ArrayList<>();
    for (String n : names) {
      Future<Void> f;
      try {
        f = checks.get(n).get().timeout(3, TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      results.add(f);
    }
    return Future.join(results).transform(ar -> {
      JsonObject detail = new JsonObject();
      boolean up = true;
      for (int i = 0; i < names.size(); i++) {
        boolean ok = results.get(i).succeeded();
        up &= ok;
        detail.put(names.get(i), ok ? "UP" : "DOWN");
      }
      return Future.succeededFuture(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", detail));
    });
  }
}
