package io.chartline.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP transport for discovery and JWKS documents: bounded in time and size, no redirects, JSON objects only. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HttpJsonFetcherTest {

  static final int MAX_BYTES = 4096;
  int port;

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext ctx) {
    vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/ok" -> req.response().putHeader("content-type", "application/json").end("{\"keys\":[]}");
        case "/array" -> req.response().end("[1,2]");
        case "/garbage" -> req.response().end("<html>");
        case "/missing" -> req.response().setStatusCode(404).end("{}");
        case "/moved" -> req.response().setStatusCode(302).putHeader("Location", "/ok").end();
        case "/huge" -> {
          req.response().setChunked(true);
          for (int i = 0; i < 10; i++) {
            req.response().write(Buffer.buffer(new byte[1024]));
          }
          req.response().end();
        }
        case "/drip" -> req.response().setChunked(true).write("{\"keys\":");
        default -> {
          // "/silent": never answers
        }
      }
    }).listen(0, "127.0.0.1").onComplete(ctx.succeeding(server -> {
      port = server.actualPort();
      ctx.completeNow();
    }));
  }

  Future<JsonObject> get(Vertx vertx, String path) {
    return get(vertx, path, Duration.ofSeconds(10));
  }

  Future<JsonObject> get(Vertx vertx, String path, Duration timeout) {
    return new HttpJsonFetcher(vertx, timeout, MAX_BYTES).get(URI.create("http://127.0.0.1:" + port + path));
  }

  @Test
  void fetchesAJsonObject(Vertx vertx, VertxTestContext ctx) {
    get(vertx, "/ok").onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
      assertThat(doc.getJsonArray("keys")).isEmpty();
      ctx.completeNow();
    })));
  }

  /** Non-200 answers (redirects included), non-objects and oversized bodies fail with a reason. */
  @Test
  void refusesAnythingButASmallJsonObjectAnsweredWith200(Vertx vertx, VertxTestContext ctx) {
    List<Future<JsonObject>> answers = List.of(get(vertx, "/missing"), get(vertx, "/moved"), get(vertx, "/array"),
        get(vertx, "/garbage"), get(vertx, "/huge"));
    Future.join(answers).onComplete(ar -> ctx.verify(() -> {
      assertThat(answers).allMatch(Future::failed);
      assertThat(answers.get(0).cause().getMessage()).isEqualTo("answered HTTP 404");
      assertThat(answers.get(1).cause().getMessage()).isEqualTo("answered HTTP 302");
      assertThat(answers.get(2).cause().getMessage()).isEqualTo("not a JSON object");
      assertThat(answers.get(3).cause().getMessage()).isEqualTo("not a JSON document");
      assertThat(answers.get(4).cause().getMessage()).contains("larger than " + MAX_BYTES);
      ctx.completeNow();
    }));
  }

  /** A server that never answers, or stops mid-body, fails the fetch once the timeout passes. */
  @Test
  void boundsTheWholeExchangeInTime(Vertx vertx, VertxTestContext ctx) {
    long start = System.nanoTime();
    Future<JsonObject> silent = get(vertx, "/silent", Duration.ofMillis(500));
    Future<JsonObject> drip = get(vertx, "/drip", Duration.ofMillis(500));
    Future.join(silent, drip).onComplete(ar -> ctx.verify(() -> {
      assertThat(silent.cause()).isInstanceOf(TimeoutException.class);
      assertThat(drip.failed()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      ctx.completeNow();
    }));
  }

  @Test
  void failsWhenNothingListens(Vertx vertx, VertxTestContext ctx) {
    vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1")
        .compose(server -> {
          int closedPort = server.actualPort();
          return server.close().map(v -> closedPort);
        })
        .compose(closedPort -> new HttpJsonFetcher(vertx, Duration.ofSeconds(2), MAX_BYTES)
            .get(URI.create("http://127.0.0.1:" + closedPort + "/jwks")))
        .onComplete(ctx.failing(t -> ctx.completeNow()));
  }
}
