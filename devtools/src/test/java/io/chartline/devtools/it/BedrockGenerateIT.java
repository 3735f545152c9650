package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.devstack.TestStack;
import io.chartline.devstack.bedrock.BedrockFault;
import io.chartline.devstack.bedrock.BedrockOperation;
import io.chartline.devstack.bedrock.LocalBedrock;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answers from Claude through the real SDK client against LocalBedrock: a cited JSON answer and the
 * same answer streamed as server-sent events, the passages when the model fails, a mid-stream
 * error that ends the stream cleanly, and a client that disconnects cancelling the model's stream.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
class BedrockGenerateIT {

  private static final String TENANT = "it-claude";
  private static final String NOTE = "Discharge summary. The patient was admitted with palpitations. "
      + "Electrocardiogram showed atrial fibrillation. Warfarin 5 mg orally once daily was started with a target "
      + "INR between 2 and 3. Metoprolol 25 mg twice daily was added for rate control. "
      + "Follow up in the anticoagulation clinic within one week.";
  private static final String QUESTION = "{\"question\": \"Which anticoagulant was started and at what dose?\"}";

  private final LocalBedrock bedrock = TestStack.get().bedrock();
  private TestNode node;

  @AfterEach
  void restore() throws Exception {
    bedrock.clearInjected();
    bedrock.setStreamInterval(Duration.ZERO);
    if (node != null) {
      node.close();
    }
  }

  private String startAndIndex(Vertx vertx, String name) throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("CHARTLINE_GENERATOR", "bedrock");
    m.put("CHARTLINE_BEDROCK_ENDPOINT", bedrock.endpoint().toString());
    m.put("CHARTLINE_BEDROCK_REGION", bedrock.region());
    m.put("CHARTLINE_BEDROCK_ACCESS_KEY", bedrock.accessKey());
    m.put("CHARTLINE_BEDROCK_SECRET_KEY", bedrock.secretKey());
    m.put("CHARTLINE_QUERY_MIN_SCORE", "0");
    m.put("CHARTLINE_QUERY_STREAM_HEARTBEAT", "200ms");
    Settings settings = TestNode.isolatedSettings(name, m);
    node = TestNode.start(settings, Set.of(Role.values()), DevKeys.generate());
    ApiClient api = new ApiClient(vertx, node.port());
    String token = node.token(TENANT, "clinician");
    String id = api.uploadOk(token, "text/plain", NOTE.getBytes(StandardCharsets.UTF_8), "note")
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS); // blocking-ok: test setup
    JsonObject doc = api.awaitSettled(token, id, 120_000).toCompletionStage().toCompletableFuture()
        .get(150, TimeUnit.SECONDS); // blocking-ok: test setup
    assertThat(doc.getString("status")).isEqualTo("indexed");
    return token;
  }

  /** One server-sent event. */
  record Event(String type, JsonObject data) {
  }

  /** Reads a stream to its end; with {@code closeAfterFirstText} it closes the connection at the first text event. */
  private static Future<List<Event>> stream(Vertx vertx, int port, String token, boolean closeAfterFirstText) {
    HttpClient client = vertx.createHttpClient();
    Promise<List<Event>> done = Promise.promise();
    List<Event> events = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/v1/query").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json").putHeader("Accept", "text/event-stream"))
        .compose(req -> req.send(Buffer.buffer(QUESTION)))
        .onFailure(done::tryFail)
        .onSuccess((HttpClientResponse resp) -> {
          if (resp.statusCode() != 200) {
            resp.body().onComplete(b -> done.tryFail("status " + resp.statusCode() + ": " + b.result()));
            return;
          }
          assertThat(resp.getHeader("content-type")).startsWith("text/event-stream");
          resp.handler(chunk -> {
            pending.append(chunk.toString(StandardCharsets.UTF_8));
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
              String block = pending.substring(0, end);
              pending.delete(0, end + 2);
              String type = null;
              String data = null;
              for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                  type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                  data = line.substring(6);
                } else if (line.startsWith(":")) {
                  type = type == null ? "comment" : type;
                }
              }
              events.add(new Event(type, data == null ? null : new JsonObject(data)));
              if (closeAfterFirstText && "text".equals(type)) {
                resp.request().connection().close();
                done.tryComplete(events);
              }
            }
          });
          resp.endHandler(v -> done.tryComplete(events));
          resp.exceptionHandler(t -> done.tryComplete(events));
        });
    return done.future().onComplete(x -> client.close());
  }

  private static String text(List<Event> events) {
    StringBuilder b = new StringBuilder();
    events.stream().filter(e -> "text".equals(e.type())).forEach(e -> b.append(e.data().getString("text")));
    return b.toString();
  }

  @Test
  void aCitedAnswerAsJsonAndTheSameAnswerStreamed(Vertx vertx, VertxTestContext ctx) throws Exception {
    String token = startAndIndex(vertx, "claude_answers");
    ApiClient api = new ApiClient(vertx, node.port());
    api.postJson(token, "/v1/query", QUESTION).compose(json -> {
      ctx.verify(() -> {
        assertThat(json.statusCode()).isEqualTo(200);
        JsonObject body = json.bodyAsJsonObject();
        assertThat(body.getBoolean("answered")).isTrue();
        assertThat(body.getString("generator")).isEqualTo("bedrock-claude");
        assertThat(body.getString("answer")).contains("[1]").containsIgnoringCase("warfarin");
        assertThat(body.getJsonArray("citations")).isNotEmpty();
      });
      return stream(vertx, node.port(), token, false).map(events -> {
        ctx.verify(() -> {
          List<String> types = events.stream().map(Event::type).filter(t -> !"comment".equals(t)).toList();
          assertThat(types).startsWith("text").endsWith("citations", "done");
          Event done = events.get(events.size() - 1);
          assertThat(done.data().getBoolean("answered")).isTrue();
          assertThat(text(events).strip()).isEqualTo(done.data().getString("answer"));
          assertThat(done.data().getString("answer")).isEqualTo(json.bodyAsJsonObject().getString("answer"));
          assertThat(done.data().getJsonObject("timings").getDouble("first_text_ms")).isGreaterThanOrEqualTo(0);
        });
        return events;
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void whenTheModelFailsThePassagesAreTheReply(Vertx vertx, VertxTestContext ctx) throws Exception {
    String token = startAndIndex(vertx, "claude_fallback");
    bedrock.injectNext(BedrockOperation.CONVERSE, BedrockFault.SERVICE_UNAVAILABLE, 1);
    bedrock.injectNext(BedrockOperation.CONVERSE_STREAM, BedrockFault.THROTTLING, 1);
    new ApiClient(vertx, node.port()).postJson(token, "/v1/query", QUESTION).compose(json -> {
      ctx.verify(() -> {
        assertThat(json.statusCode()).isEqualTo(200);
        JsonObject body = json.bodyAsJsonObject();
        assertThat(body.getBoolean("answered")).isFalse();
        assertThat(body.getString("reason")).isEqualTo("generator_unavailable");
        assertThat(body.getJsonArray("passages")).isNotEmpty();
        assertThat(body.encode()).doesNotContain("Service").doesNotContain("Throttling");
      });
      return stream(vertx, node.port(), token, false);
    }).onComplete(ctx.succeeding(events -> ctx.verify(() -> {
      Event done = events.get(events.size() - 1);
      assertThat(done.type()).isEqualTo("done");
      assertThat(done.data().getString("reason")).isEqualTo("generator_unavailable");
      assertThat(text(events)).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void aMidStreamErrorEndsTheStreamWithAnErrorOrThePassages(Vertx vertx, VertxTestContext ctx) throws Exception {
    String token = startAndIndex(vertx, "claude_midstream");
    bedrock.injectNext(BedrockOperation.CONVERSE_STREAM, BedrockFault.MID_STREAM_ERROR, 1);
    stream(vertx, node.port(), token, false).onComplete(ctx.succeeding(events -> ctx.verify(() -> {
      Event last = events.get(events.size() - 1);
      if (last.type().equals("error")) {
        assertThat(last.data().getJsonObject("error").getString("code")).isEqualTo("UNAVAILABLE");
      } else {
        assertThat(last.type()).isEqualTo("done");
        assertThat(last.data().getString("reason")).isEqualTo("generator_unavailable");
      }
      ctx.completeNow();
    })));
  }

  @Test
  void aClientThatGoesAwayCancelsTheModelsStream(Vertx vertx, VertxTestContext ctx) throws Exception {
    String token = startAndIndex(vertx, "claude_disconnect");
    bedrock.setStreamInterval(Duration.ofMillis(300));
    long cancelledBefore = bedrock.stats().cancelledStreams();
    stream(vertx, node.port(), token, true)
        .compose(events -> new ApiClient(vertx, node.port()).poll(
            () -> Future.succeededFuture(bedrock.stats().cancelledStreams()), n -> n > cancelledBefore, 20_000))
        .onComplete(ctx.succeedingThenComplete());
  }
}
