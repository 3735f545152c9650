package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.chartline.common.tenant.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real Bedrock runtime client as {@link TitanEmbedders} builds it, against a small HTTP server
 * speaking Bedrock's wire format: SDK retries are off, error types arrive classified, the request
 * path and body are Titan's.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class TitanSdkClientTest {

  private record Seen(String path, String body) {
  }

  private static final TitanEmbedSettings.Retry RETRY =
      new TitanEmbedSettings.Retry(3, Duration.ofMillis(20), Duration.ofMillis(100));

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Consumer<HttpServerRequest> answer;
  private HttpServer server;
  private TitanEmbedder embedder;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(new Seen(req.path(), body.toString()));
      answer.accept(req);
    })).listen(0, "127.0.0.1").onComplete(ctx.succeeding(s -> {
      server = s;
      TitanEmbedSettings settings = TitanEmbedSettings.defaults("us-east-1")
          .withEndpoint(URI.create("http://127.0.0.1:" + s.actualPort()), "local", "local-secret");
      settings = TitanFixture.with(TitanFixture.dimensions(settings, 256), settings.quota(), settings.maxConcurrency(),
          settings.maxQueued(), RETRY, settings.breaker());
      embedder = TitanEmbedders.create(vertx, settings, new SimpleMeterRegistry());
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop() {
    embedder.close();
  }

  private static Consumer<HttpServerRequest> error(int status, String type) {
    return req -> req.response().setStatusCode(status).putHeader("content-type", "application/json")
        .putHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        .putHeader("x-amzn-RequestId", "req-42").end(new JsonObject().put("message", "quoted input").encode());
  }

  @Test
  void aThrottledCallIsSentOnceByTheSdkAndReachesTheLimiterAsAThrottle(Vertx vertx, VertxTestContext ctx) {
    answer = error(429, "ThrottlingException");

    embedder.embed(TenantId.of("clinic-a"), List.of("one note")).onComplete(ctx.failing(e -> ctx.verify(() -> {
      assertThat(((TitanEmbedException) e).kind()).isEqualTo(Kind.THROTTLED);
      // 3 attempts of our own, each a single request: the SDK added none
      assertThat(seen).hasSize(RETRY.attempts());
      assertThat(embedder.limiter().allowedFraction()).isLessThan(1.0);
      ctx.completeNow();
    })));
  }

  @Test
  void aServiceErrorIsSentOnceAndClassifiedWithItsRequestId(Vertx vertx, VertxTestContext ctx) {
    answer = error(400, "ValidationException");

    embedder.embed(List.of("one note")).onComplete(ctx.failing(e -> ctx.verify(() -> {
      TitanEmbedException t = (TitanEmbedException) e;
      assertThat(t.kind()).isEqualTo(Kind.INPUT_REJECTED);
      assertThat(t.getMessage()).contains("req-42").doesNotContain("quoted input");
      assertThat(seen).hasSize(1);
      ctx.completeNow();
    })));
  }

  @Test
  void anUnavailableServiceIsNotRetriedByTheSdk(Vertx vertx, VertxTestContext ctx) {
    answer = error(503, "ServiceUnavailableException");
    TitanEmbedSettings settings = TitanEmbedSettings.defaults("us-east-1")
        .withEndpoint(URI.create("http://127.0.0.1:" + server.actualPort()), "local", "local-secret");

    Future.fromCompletionStage(TitanEmbedders.client(settings).invokeModel(
            new TitanCodec(settings.modelId(), 1024).request("one note")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(TitanErrors.classify(e, null, settings.modelId()).kind()).isEqualTo(Kind.TRANSIENT);
          assertThat(seen).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  void aSuccessfulCallPostsTitansBodyToTheModelsPathAndReturnsItsVector(Vertx vertx, VertxTestContext ctx) {
    answer = req -> req.response().putHeader("content-type", "application/json")
        .putHeader("X-Amzn-Bedrock-Input-Token-Count", "3")
        .end(FakeTitan.response("one note", 256).encode());

    Context caller = vertx.getOrCreateContext();
    caller.runOnContext(v -> embedder.embed(List.of("one note")).onComplete(ctx.succeeding(vectors -> ctx.verify(() -> {
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).path()).isEqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke");
      JsonObject body = new JsonObject(seen.get(0).body());
      assertThat(body.getMap()).containsOnlyKeys("inputText", "dimensions", "normalize");
      assertThat(body.getString("inputText")).isEqualTo("one note");
      assertThat(body.getInteger("dimensions")).isEqualTo(256);
      assertThat(body.getBoolean("normalize")).isTrue();
      assertThat(vectors.get(0)).hasSize(256);
      assertThat(Vertx.currentContext()).as("completes on the caller's context").isSameAs(caller);
      ctx.completeNow();
    }))));
  }
}
