package io.chartline.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
class OnnxEmbedderTest {

  private static WorkerExecutor inferencePool;
  private static OnnxEmbedder embedder;
  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void loadModel(Vertx vertx) {
    inferencePool = vertx.createSharedWorkerExecutor("embed-test", 3);
    embedder = new OnnxEmbedder(vertx, inferencePool, OnnxEmbedderConfig.defaults());
    tokenizer = WordPieceTokenizer.fromClasspath(OnnxEmbedder.TOKENIZER_RESOURCE);
  }

  @AfterAll
  static void closeModel() {
    embedder.close();
    inferencePool.close();
  }

  @Test
  void vectorsHave384UnitLengthDimensions(VertxTestContext ctx) {
    embedder.embed(List.of("patient reports angina", "fractured tibia after fall"))
        .onComplete(ctx.succeeding(vectors -> ctx.verify(() -> {
          assertThat(embedder.dimension()).isEqualTo(384);
          assertThat(vectors).hasSize(2).allSatisfy(v -> {
            assertThat(v).hasSize(384);
            assertThat(Vectors.norm(v)).isCloseTo(1.0, offset(1e-5));
          });
          ctx.completeNow();
        })));
  }

  @Test
  void aLongChunkIsEmbeddedWholeNotFromItsFirst126Tokens(VertxTestContext ctx) {
    String longChunk = ClinicalText.longNote();
    String first126Tokens = ClinicalText.prefixWithTokens(tokenizer, longChunk, 126);
    assertThat(tokenizer.countTokens(longChunk)).isBetween(380, 480);

    embedder.embed(List.of(longChunk, first126Tokens, longChunk))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(Vectors.cosine(v.get(0), v.get(2))).isGreaterThan(0.9999);
          assertThat(Vectors.cosine(v.get(0), v.get(1))).isLessThan(0.99);
          ctx.completeNow();
        })));
  }

  @Test
  void relatedClinicalStatementsAreCloserThanUnrelatedOnes(VertxTestContext ctx) {
    embedder.embed(List.of("chest pain radiating to the left arm", "patient reports angina", "fractured tibia after fall"))
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(Vectors.cosine(v.get(0), v.get(1))).isGreaterThan(Vectors.cosine(v.get(0), v.get(2)));
          ctx.completeNow();
        })));
  }

  @Test
  void batchingAndPaddingDoNotChangeVectors(VertxTestContext ctx) {
    List<String> texts = List.of("short question?", "a somewhat longer sentence about renal function and creatinine", "bp");
    float[][] alone = new float[texts.size()][];
    for (int i = 0; i < texts.size(); i++) {
      alone[i] = embedder.embedBlocking(List.of(texts.get(i)))[0];
    }

    embedder.embed(texts).onComplete(ctx.succeeding(batched -> ctx.verify(() -> {
      for (int i = 0; i < texts.size(); i++) {
        assertThat(Vectors.cosine(batched.get(i), alone[i])).isGreaterThan(0.9999);
      }
      ctx.completeNow();
    })));
  }

  @Test
  void concurrentCallsFromSeveralThreadsEachGetTheirOwnVectors(VertxTestContext ctx) {
    int callers = 6;
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      texts.add("caller " + i + " asks about dose adjustment number " + i * 7);
    }
    float[][] expected = embedder.embedBlocking(texts);
    Checkpoint answered = ctx.checkpoint(callers);

    for (int i = 0; i < callers; i++) {
      int caller = i;
      new Thread(() -> embedder.embed(List.of(texts.get(caller), ClinicalText.longNote()))
          .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertThat(Vectors.cosine(v.get(0), expected[caller])).isGreaterThan(0.9999);
            answered.flag();
          }))), "embed-caller-" + i).start();
    }
  }

  @Test
  void anEmptyListSucceedsWithNoVectors(VertxTestContext ctx) {
    embedder.embed(List.of()).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(v).isEmpty();
      ctx.completeNow();
    })));
  }

  @Test
  void aNullTextFailsTheFutureInsteadOfThrowing(VertxTestContext ctx) {
    List<String> withNull = new ArrayList<>();
    withNull.add(null);

    Future<List<float[]>> result = embedder.embed(withNull);

    result.onComplete(ctx.failing(cause -> ctx.verify(() -> {
      assertThat(cause).isInstanceOf(IllegalArgumentException.class);
      ctx.completeNow();
    })));
  }

  @Test
  void aClosedEmbedderFailsWithIllegalState(Vertx vertx, VertxTestContext ctx) {
    WorkerExecutor pool = vertx.createSharedWorkerExecutor("embed-closed-test", 1);
    OnnxEmbedder closing = new OnnxEmbedder(vertx, pool, OnnxEmbedderConfig.defaults());
    closing.close();

    closing.embed(List.of("anything")).onComplete(ctx.failing(cause -> ctx.verify(() -> {
      assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      pool.close();
      ctx.completeNow();
    })));
  }

  @Test
  void modelIdNamesTheModel() {
    assertThat(embedder.modelId()).isEqualTo(OnnxEmbedder.MODEL_ID);
  }
}
