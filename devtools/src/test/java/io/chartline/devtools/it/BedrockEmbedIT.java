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
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embed stage on Bedrock Titan, through the real SDK client against LocalBedrock: a throttling
 * storm loses and duplicates nothing, an oversize chunk is split, an open circuit makes the node
 * not ready and it recovers, a model id that does not exist fails the document with a reason.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
class BedrockEmbedIT {

  private static final String TENANT = "it-bedrock";
  private static final String[] SENTENCES = {
      "The patient was admitted with palpitations and shortness of breath.",
      "Electrocardiogram showed an irregularly irregular rhythm consistent with atrial fibrillation.",
      "Warfarin 5 mg orally once daily was started with a target INR between 2 and 3.",
      "Metoprolol 25 mg twice daily was added for rate control.",
      "Follow up in the anticoagulation clinic within one week for an INR check.",
      "Thyroid function tests were within normal limits."};

  private final LocalBedrock bedrock = TestStack.get().bedrock();
  private TestNode node;

  @AfterEach
  void restoreEndpoint() throws Exception {
    bedrock.setQuota(0, 0);
    bedrock.setLatency(Duration.ZERO, Duration.ZERO);
    bedrock.clearInjected();
    if (node != null) {
      node.close();
    }
  }

  /** A node embedding with Titan on LocalBedrock: small dimension, fast retries and breaker. */
  private TestNode start(String name, Map<String, String> overrides) throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("CHARTLINE_EMBEDDER", "bedrock");
    m.put("CHARTLINE_EMBEDDING_DIMENSION", "256");
    m.put("CHARTLINE_BEDROCK_ENDPOINT", bedrock.endpoint().toString());
    m.put("CHARTLINE_BEDROCK_REGION", bedrock.region());
    m.put("CHARTLINE_BEDROCK_ACCESS_KEY", bedrock.accessKey());
    m.put("CHARTLINE_BEDROCK_SECRET_KEY", bedrock.secretKey());
    m.put("CHARTLINE_BEDROCK_EMBED_RETRY_BASE_DELAY", "50ms");
    m.put("CHARTLINE_BEDROCK_EMBED_RETRY_MAX_DELAY", "1s");
    m.put("CHARTLINE_BEDROCK_EMBED_API_CALL_TIMEOUT", "5s");
    m.putAll(overrides);
    Settings settings = TestNode.isolatedSettings(name, m);
    node = TestNode.start(settings, Set.of(Role.values()), DevKeys.generate());
    return node;
  }

  private static String document(int n, int sentences) {
    StringBuilder b = new StringBuilder("Clinical note " + n + ". ");
    for (int i = 0; i < sentences; i++) {
      b.append(SENTENCES[(i + n) % SENTENCES.length]).append(' ');
    }
    return b.toString();
  }

  private static Future<List<JsonObject>> uploadAndSettle(ApiClient api, String token, List<String> texts) {
    List<Future<String>> ids = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      ids.add(api.uploadOk(token, "text/plain", texts.get(i).getBytes(StandardCharsets.UTF_8), "note " + i));
    }
    return Future.all(ids).compose(all -> {
      List<Future<JsonObject>> settled = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        settled.add(api.awaitSettled(token, all.resultAt(i), 180_000));
      }
      return Future.all(settled).map(s -> s.<JsonObject>list());
    });
  }

  /**
   * GIVEN an endpoint quota at 10 % of what the node is allowed to send WHEN 24 documents arrive at
   * once THEN calls are throttled, yet every document is indexed with every chunk exactly once.
   */
  @Test
  void aThrottlingStormLosesAndDuplicatesNoChunk(Vertx vertx, VertxTestContext ctx) throws Exception {
    start("bedrock_storm", Map.of("CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE", "6000",
        "CHARTLINE_BEDROCK_EMBED_RETRY_ATTEMPTS", "20"));
    bedrock.setQuota(600, 6_000_000);
    long throttledBefore = bedrock.stats().throttled();
    ApiClient api = new ApiClient(vertx, node.port());
    String token = node.token(TENANT, "clinician");
    List<String> texts = IntStream.range(0, 24).mapToObj(i -> document(i, 30)).collect(Collectors.toList());
    uploadAndSettle(api, token, texts).onComplete(ctx.succeeding(docs -> ctx.verify(() -> {
      int expectedChunks = 0;
      for (JsonObject d : docs) {
        assertThat(d.getString("status")).as("document %s", d.getString("id")).isEqualTo("indexed");
        int count = d.getInteger("chunk_count");
        assertThat(count).isGreaterThanOrEqualTo(2);
        assertThat(Db.chunkIndexes(node, TENANT, d.getString("id")))
            .containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        expectedChunks += count;
      }
      assertThat(Db.chunkCount(node, TENANT)).isEqualTo(expectedChunks);
      assertThat(bedrock.stats().throttled() - throttledBefore).as("throttled calls").isPositive();
      ctx.completeNow();
    })));
  }

  /** A chunk longer than the embedder's input limit is split into parts, embedded, and indexed, not dropped. */
  @Test
  void anOversizeChunkIsSplitAndIndexed(Vertx vertx, VertxTestContext ctx) throws Exception {
    start("bedrock_oversize", Map.of("CHARTLINE_BEDROCK_EMBED_MAX_INPUT_CHARS", "1000"));
    // words longer than the tokenizer reads count one token each: a 256-token chunk holds ~30,000 characters
    String word = "x".repeat(120);
    String text = IntStream.range(0, 200).mapToObj(i -> word + i).collect(Collectors.joining(" "));
    long callsBefore = bedrock.stats().calls(BedrockOperation.INVOKE_MODEL);
    ApiClient api = new ApiClient(vertx, node.port());
    String token = node.token(TENANT, "clinician");
    uploadAndSettle(api, token, List.of(text)).onComplete(ctx.succeeding(docs -> ctx.verify(() -> {
      JsonObject d = docs.get(0);
      assertThat(d.getString("status")).isEqualTo("indexed");
      int chunks = d.getInteger("chunk_count");
      assertThat(Db.chunkCount(node, TENANT)).isEqualTo(chunks);
      assertThat(bedrock.stats().calls(BedrockOperation.INVOKE_MODEL) - callsBefore)
          .as("one call per part, more parts than chunks").isGreaterThan(chunks * 5L);
      ctx.completeNow();
    })));
  }

  /**
   * GIVEN the model failing every call WHEN a document arrives THEN the circuit opens and
   * /health/ready reports the embedder DOWN; once the model answers again the circuit closes, the
   * node is ready and the document is indexed.
   */
  @Test
  void theCircuitOpensAndRecovers(Vertx vertx, VertxTestContext ctx) throws Exception {
    start("bedrock_circuit", Map.of("CHARTLINE_BEDROCK_EMBED_BREAKER_WINDOW", "6",
        "CHARTLINE_BEDROCK_EMBED_BREAKER_MIN_CALLS", "4", "CHARTLINE_BEDROCK_EMBED_BREAKER_OPEN", "1s",
        "CHARTLINE_BEDROCK_EMBED_BREAKER_HALF_OPEN_CALLS", "1", "CHARTLINE_BEDROCK_EMBED_RETRY_ATTEMPTS", "2"));
    bedrock.injectNext(BedrockOperation.INVOKE_MODEL, BedrockFault.SERVICE_UNAVAILABLE, 1_000_000);
    ApiClient api = new ApiClient(vertx, node.port());
    String token = node.token(TENANT, "clinician");
    api.uploadOk(token, "text/plain", document(1, 6).getBytes(StandardCharsets.UTF_8), "note")
        .compose(id -> api.poll(() -> api.get(null, "/health/ready"), r -> r.statusCode() == 503, 60_000)
            .compose(down -> {
              ctx.verify(() -> assertThat(down.bodyAsJsonObject().getJsonObject("checks").getString("embedder"))
                  .isEqualTo("DOWN"));
              bedrock.clearInjected();
              return api.poll(() -> api.get(null, "/health/ready"), r -> r.statusCode() == 200, 60_000);
            })
            .compose(up -> api.awaitSettled(token, id, 120_000)))
        .onComplete(ctx.succeeding(doc -> ctx.verify(() -> {
          assertThat(doc.getString("status")).isEqualTo("indexed");
          assertThat(Db.chunkCount(node, TENANT)).isEqualTo(doc.getInteger("chunk_count"));
          ctx.completeNow();
        })));
  }

  /**
   * A model id the region does not know fails each document with MODEL_NOT_FOUND, and the stage
   * keeps serving: a second document after it settles the same way (no crash loop, nothing stuck).
   */
  @Test
  void anUnknownModelFailsTheDocumentWithAReason(Vertx vertx, VertxTestContext ctx) throws Exception {
    start("bedrock_nomodel", Map.of("CHARTLINE_BEDROCK_EMBED_MODEL_ID", "amazon.titan-embed-text-v9:0"));
    ApiClient api = new ApiClient(vertx, node.port());
    String token = node.token(TENANT, "clinician");
    uploadAndSettle(api, token, List.of(document(1, 6)))
        .compose(first -> uploadAndSettle(api, token, List.of(document(2, 6))).map(second -> List.of(first.get(0),
            second.get(0))))
        .onComplete(ctx.succeeding(docs -> ctx.verify(() -> {
          for (JsonObject d : docs) {
            assertThat(d.getString("status")).isEqualTo("failed");
            assertThat(d.getJsonObject("error").getString("code")).isEqualTo("MODEL_NOT_FOUND");
            assertThat(d.getJsonObject("error").getString("message")).contains("MODEL_NOT_FOUND")
                .doesNotContain("Clinical note");
          }
          assertThat(Db.chunkCount(node, TENANT)).isZero();
          ctx.completeNow();
        })));
  }
}
