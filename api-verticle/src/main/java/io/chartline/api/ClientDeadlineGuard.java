package io.chartline.api;

import io.chartline.common.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose client sends too slowly ({@link ClientDeadlines}). The idle timeout
 * cannot do this: it is reset by every byte, so one byte every few seconds keeps it from ever
 * firing. Instead, deadlines run from fixed points in time: from a connection's opening (or the end
 * of its previous response) until the next request head is complete, and from the start of a body
 * until it has arrived, with a minimum average rate once a grace period has passed. A body that
 * misses its deadline gets 408 REQUEST_TIMEOUT, if no response was begun, and the connection is
 * closed; a head that misses its deadline cannot be answered (there is no request yet), so its
 * connection is just closed. Closed connections are counted in
 * {@code chartline_http_slow_clients_closed_total}, by phase.
 *
 * <p>Timers only, on the connection's event loop: nothing waits. One instance per API verticle
 * instance (its connections stay on its event loop); HTTP/1.x only, which is why the server does
 * not offer h2c ({@link HttpLimits#serverOptions}).
 */
public final class ClientDeadlineGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ClientDeadlineGuard.class);
  /** How long a 408 may take to reach a client that does not read before the connection is closed anyway. */
  private static final long LINGER_MS = 1000;

  /** Where a connection was when it was closed; the metric's only label. */
  enum Phase { HEAD, KEEP_ALIVE, BODY_TIMEOUT, BODY_TOO_SLOW }

  private final Vertx vertx;
  private final ClientDeadlines deadlines;
  private final Clock clock;
  private final Map<HttpConnection, Connection> connections = new IdentityHashMap<>();
  private final Map<Phase, Counter> closed = new EnumMap<>(Phase.class);
  private final long bodyTickMs;

  /** One connection's state: the timer waiting for its next request head, and its requests in flight. */
  private final class Connection {
    final HttpConnection conn;
    long headTimer = -1;
    int inFlight;

    Connection(HttpConnection conn) {
      this.conn = conn;
    }

    void awaitHead(long ms, Phase phase) {
      cancelHead();
      headTimer = vertx.setTimer(ms, id -> {
        headTimer = -1;
        if (inFlight == 0) {
          close(conn, phase, null);
        }
      });
    }

    void cancelHead() {
      if (headTimer >= 0) {
        vertx.cancelTimer(headTimer);
        headTimer = -1;
      }
    }
  }

  public ClientDeadlineGuard(Vertx vertx, ClientDeadlines deadlines, Clock clock, MeterRegistry registry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    for (Phase p : Phase.values()) {
      closed.put(p, Counter.builder("chartline.http.slow_clients.closed")
          .description("Connections closed because the client sent its request too slowly")
          .tag("phase", p.name().toLowerCase()).register(registry));
    }
    long shortest = Math.min(deadlines.bodyGrace().toMillis(), deadlines.bodyTimeout().toMillis());
    this.bodyTickMs = Math.max(50, Math.min(1000, shortest / 4));
  }

  /** For {@code HttpServer.connectionHandler}: the first request head must arrive within the header timeout. */
  public void onConnection(HttpConnection conn) {
    Connection c = new Connection(conn);
    connections.put(conn, c);
    conn.closeHandler(v -> {
      c.cancelHead();
      connections.remove(conn);
    });
    c.awaitHead(deadlines.headerTimeout().toMillis(), Phase.HEAD);
  }

  /**
   * The router's first handler: the head has arrived, so its deadline stops; a body, if one is
   * announced, is watched until it has arrived; when the response ends the connection waits for its
   * next request head within the keep-alive timeout.
   */
  public void watch(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    Connection c = connections.get(req.connection());
    if (c != null) {
      c.cancelHead();
      c.inFlight++;
    }
    long bodyTimer = expectsBody(req) ? watchBody(ctx, clock.millis()) : -1;
    ctx.addEndHandler(ar -> {
      if (bodyTimer >= 0) {
        vertx.cancelTimer(bodyTimer);
      }
      if (c != null && --c.inFlight == 0 && connections.containsKey(c.conn)) {
        c.awaitHead(deadlines.keepAliveTimeout().toMillis(), Phase.KEEP_ALIVE);
      }
    });
    ctx.next();
  }

  private long watchBody(RoutingContext ctx, long startMs) {
    HttpServerRequest req = ctx.request();
    long graceMs = deadlines.bodyGrace().toMillis();
    long limitMs = deadlines.bodyTimeout().toMillis();
    double minPerMs = deadlines.bodyMinBytesPerSecond() / 1000.0;
    return vertx.setPeriodic(bodyTickMs, id -> {
      if (req.isEnded() || ctx.response().ended() || ctx.response().closed()) {
        vertx.cancelTimer(id);
        return;
      }
      long elapsed = clock.millis() - startMs;
      Phase missed = null;
      if (elapsed >= limitMs) {
        missed = Phase.BODY_TIMEOUT;
      } else if (minPerMs > 0 && elapsed > graceMs && req.bytesRead() < minPerMs * (elapsed - graceMs)) {
        missed = Phase.BODY_TOO_SLOW;
      }
      if (missed != null) {
        vertx.cancelTimer(id);
        close(req.connection(), missed, ctx);
      }
    });
  }

  private void close(HttpConnection conn, Phase phase, RoutingContext ctx) {
    closed.get(phase).increment();
    LOG.debug("closing a slow client's connection [phase: {}, request: {}]", phase.name().toLowerCase(),
        ctx == null ? "none" : RequestIds.of(ctx));
    if (ctx != null && !ctx.response().headWritten() && !ctx.response().closed()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.addEndHandler(ar -> conn.close());
      ApiErrors.send(ctx, ErrorCode.REQUEST_TIMEOUT, phase == Phase.BODY_TIMEOUT
          ? "the request body took longer than " + deadlines.bodyTimeout().toSeconds() + " s"
          : "the request body arrived slower than " + deadlines.bodyMinBytesPerSecond() + " bytes/s");
      vertx.setTimer(LINGER_MS, id -> conn.close());
    } else {
      conn.close();
    }
  }

  /** @return true when the request announces a body (a positive Content-Length, or a transfer coding) */
  static boolean expectsBody(HttpServerRequest req) {
    if (req.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return true;
    }
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null && !length.trim().equals("0");
  }
}
