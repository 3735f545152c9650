package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slow clients against a real HTTP server: a trickled head, a trickled body, a body past its
 * deadline and a trickled or idle keep-alive connection are all closed within their deadlines,
 * although every byte arrives well inside the (much longer) idle timeout; a slow but steady upload
 * is served. Deadlines are short so the test runs in seconds.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class ClientDeadlineGuardTest {

  static final ClientDeadlines SHORT = new ClientDeadlines(Duration.ofMillis(600), Duration.ofMillis(800),
      Duration.ofMillis(600), 1000, Duration.ofSeconds(8));
  static final String UPLOAD_HEAD = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
      + "Connection: close\r\nContent-Length: ";

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  Future<Integer> server(Vertx vertx, ClientDeadlines deadlines) {
    RequestLimits limits = new RequestLimits(4096, 20, 512, 4, 64, 1000, Duration.ofSeconds(30),
        Duration.ofSeconds(60));
    ApiConfig config = new ApiConfig("127.0.0.1", 0, 1 << 20, 2048, 50, 5, 100, 64, Duration.ofSeconds(10),
        Set.of("text/plain"), limits, RateLimits.off(), deadlines, SourceLimits.defaults());
    ClientDeadlineGuard guard = new ClientDeadlineGuard(vertx, deadlines, Clock.systemUTC(), registry);
    Router r = Router.router(vertx);
    r.route().handler(guard::watch);
    r.route().handler(ctx -> {
      RequestIds.assign(ctx);
      ctx.next();
    });
    r.get("/ping").handler(ctx -> ctx.response().end("pong"));
    r.post("/upload").handler(BodyHandler.create(false).setBodyLimit(1 << 20))
        .handler(ctx -> ctx.response().end(new JsonObject().put("bytes", ctx.body().length()).encode()));
    return vertx.createHttpServer(HttpLimits.serverOptions(config)).connectionHandler(guard::onConnection)
        .requestHandler(r).listen().map(s -> s.actualPort());
  }

  double closed(String phase) {
    return registry.get("chartline.http.slow_clients.closed").tag("phase", phase).counter().count();
  }

  /** A head trickled one byte per 100 ms is cut off at the header timeout, before it is complete. */
  @Test
  void aTrickledHeadIsClosedAtTheHeaderTimeout(Vertx vertx, VertxTestContext ctx) {
    byte[] headers = Trickle.bytes("Host: x\r\nX-Slow-1: a\r\nX-Slow-2: b\r\nX-Slow-3: c\r\n\r\n");
    server(vertx, SHORT).compose(port -> Trickle.run(vertx, port, "GET /ping HTTP/1.1\r\n", headers, 1, 100))
        .onComplete(ctx.succeeding(out -> ctx.verify(() -> {
          assertThat(out.closedAfterMs()).isBetween(500L, 2500L);
          assertThat(out.restSent()).isLessThan(headers.length);
          assertThat(out.received()).isEmpty();
          assertThat(closed("head")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** A body trickled at 10 bytes/s gets 408 REQUEST_TIMEOUT once the grace period is over, then the connection closes. */
  @Test
  void aTrickledBodyGets408AfterTheGracePeriod(Vertx vertx, VertxTestContext ctx) {
    byte[] body = new byte[500];
    server(vertx, SHORT).compose(port -> Trickle.run(vertx, port, UPLOAD_HEAD + body.length + "\r\n\r\n", body, 1, 100))
        .onComplete(ctx.succeeding(out -> ctx.verify(() -> {
          assertThat(out.closedAfterMs()).isBetween(500L, 3000L);
          assertThat(out.restSent()).isLessThan(body.length);
          assertThat(out.status()).isEqualTo(408);
          assertThat(out.received()).contains("\"code\":\"REQUEST_TIMEOUT\"").contains("bytes/s");
          assertThat(closed("body_too_slow")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** A body fast enough for the minimum rate but longer than the body deadline is cut off at the deadline. */
  @Test
  void aBodyPastItsDeadlineGets408(Vertx vertx, VertxTestContext ctx) {
    ClientDeadlines tight = new ClientDeadlines(SHORT.headerTimeout(), SHORT.keepAliveTimeout(), SHORT.bodyGrace(),
        1000, Duration.ofMillis(1500));
    byte[] body = new byte[20_000];
    server(vertx, tight).compose(port -> Trickle.run(vertx, port, UPLOAD_HEAD + body.length + "\r\n\r\n", body, 300,
            100))
        .onComplete(ctx.succeeding(out -> ctx.verify(() -> {
          assertThat(out.closedAfterMs()).isBetween(1400L, 3500L);
          assertThat(out.status()).isEqualTo(408);
          assertThat(out.received()).contains("REQUEST_TIMEOUT").contains("took longer than");
          assertThat(closed("body_timeout")).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** 6,000 bytes at 2,000 bytes/s (three times the grace period, twice the minimum rate) arrive whole. */
  @Test
  void aSlowButSteadyUploadIsServed(Vertx vertx, VertxTestContext ctx) {
    byte[] body = new byte[6000];
    server(vertx, SHORT).compose(port -> Trickle.run(vertx, port, UPLOAD_HEAD + body.length + "\r\n\r\n", body, 200,
            100))
        .onComplete(ctx.succeeding(out -> ctx.verify(() -> {
          assertThat(out.status()).as(out.received()).isEqualTo(200);
          assertThat(out.received()).contains("{\"bytes\":6000}");
          assertThat(out.closedAfterMs()).isGreaterThan(2500L);
          assertThat(closed("body_too_slow") + closed("body_timeout")).isZero();
          ctx.completeNow();
        })));
  }

  /** After a response, a connection that stays idle, or trickles its next head, is closed at the keep-alive timeout. */
  @Test
  void keepAliveConnectionsAreClosedWhenIdleOrTrickling(Vertx vertx, VertxTestContext ctx) {
    String ping = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";
    byte[] nextHead = Trickle.bytes(ping);
    server(vertx, SHORT).compose(port -> Future.all(Trickle.run(vertx, port, ping, new byte[0], 1, 100),
            Trickle.run(vertx, port, ping, nextHead, 1, 100)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Trickle.Outcome idle = all.resultAt(0);
          Trickle.Outcome trickling = all.resultAt(1);
          for (Trickle.Outcome out : java.util.List.of(idle, trickling)) {
            assertThat(out.status()).isEqualTo(200);
            assertThat(out.received()).endsWith("pong");
            assertThat(out.closedAfterMs()).isBetween(700L, 2500L);
          }
          assertThat(trickling.restSent()).isLessThan(nextHead.length);
          assertThat(closed("keep_alive")).isEqualTo(2);
          ctx.completeNow();
        })));
  }
}
