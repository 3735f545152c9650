package io.chartline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.embed.Embedder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Micro-batching of question embeddings: alone when idle, batched while slots are busy, cached,
 * and failed together. Each test runs on one Vert.x context, as the query verticle does.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class QuestionEmbedderTest {

  /** A model stand-in that records each call's batch and completes only when the test says so. */
  static final class FakeEmbedder implements Embedder {
    final List<List<String>> calls = new ArrayList<>();
    final List<Promise<List<float[]>>> results = new ArrayList<>();

    @Override
    public Future<List<float[]>> embed(List<String> texts) {
      calls.add(List.copyOf(texts));
      Promise<List<float[]>> p = Promise.promise();
      results.add(p);
      return p.future();
    }

    /** Completes call {@code i} with one vector per text, derived from the text. */
    void succeed(int i) {
      List<float[]> vectors = new ArrayList<>();
      calls.get(i).forEach(t -> vectors.add(vectorOf(t)));
      results.get(i).complete(vectors);
    }

    void fail(int i, Throwable cause) {
      results.get(i).fail(cause);
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public String modelId() {
      return "fake";
    }

    @Override
    public void close() {
    }
  }

  static float[] vectorOf(String text) {
    return new float[] {text.length(), text.chars().sum()};
  }

  /** When idle, a question is sent alone at once, and its future gets the vector for that text. */
  @Test
  void whenIdleAQuestionGoesAloneImmediately(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      FakeEmbedder fake = new FakeEmbedder();
      QuestionEmbedder embedder = new QuestionEmbedder(fake, 8, 2, 16);

      Future<float[]> f = embedder.embed("what is the hba1c?");
      ctx.verify(() -> {
        assertThat(fake.calls).containsExactly(List.of("what is the hba1c?"));
        assertThat(f.isComplete()).isFalse();
      });
      fake.succeed(0);
      f.onComplete(ctx.succeeding(vec -> ctx.verify(() -> {
        assertThat(vec).containsExactly(vectorOf("what is the hba1c?"));
        ctx.completeNow();
      })));
    });
  }

  /** While every slot is busy, questions queue and go together as one batch of at most maxBatch when a slot frees. */
  @Test
  void whileSlotsAreBusyQuestionsQueueAndGoTogether(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      FakeEmbedder fake = new FakeEmbedder();
      QuestionEmbedder embedder = new QuestionEmbedder(fake, 3, 1, 16);
      List<String> questions = List.of("q1 first", "q2 second", "q3 third", "q4 fourth", "q5 fifth");
      List<Future<float[]>> futures = new ArrayList<>();

      futures.add(embedder.embed(questions.get(0)));
      for (String q : questions.subList(1, 5)) {
        futures.add(embedder.embed(q));
      }
      ctx.verify(() -> assertThat(fake.calls).as("one slot, busy with q1").containsExactly(List.of("q1 first")));

      fake.succeed(0);
      ctx.verify(() -> assertThat(fake.calls).containsExactly(List.of("q1 first"),
          List.of("q2 second", "q3 third", "q4 fourth")));

      fake.succeed(1);
      ctx.verify(() -> assertThat(fake.calls).hasSize(3).last().isEqualTo(List.of("q5 fifth")));

      fake.succeed(2);
      Future.all(futures).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        for (int i = 0; i < questions.size(); i++) {
          assertThat(futures.get(i).result()).as(questions.get(i)).containsExactly(vectorOf(questions.get(i)));
        }
        ctx.completeNow();
      })));
    });
  }

  /** With two slots, the queue drains into whichever slot frees first, even out of order. */
  @Test
  void queuedQuestionsTakeWhicheverSlotFreesFirst(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      FakeEmbedder fake = new FakeEmbedder();
      QuestionEmbedder embedder = new QuestionEmbedder(fake, 8, 2, 16);

      Future<float[]> a = embedder.embed("alpha question");
      Future<float[]> b = embedder.embed("beta question");
      Future<float[]> c = embedder.embed("gamma question");
      Future<float[]> d = embedder.embed("delta question");
      ctx.verify(() -> assertThat(fake.calls).containsExactly(List.of("alpha question"), List.of("beta question")));

      fake.succeed(1);
      ctx.verify(() -> {
        assertThat(b.succeeded()).isTrue();
        assertThat(a.isComplete()).isFalse();
        assertThat(fake.calls).hasSize(3).last().isEqualTo(List.of("gamma question", "delta question"));
      });
      fake.succeed(0);
      fake.succeed(2);
      Future.all(a, c, d).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(c.result()).containsExactly(vectorOf("gamma question"));
        assertThat(d.result()).containsExactly(vectorOf("delta question"));
        ctx.completeNow();
      })));
    });
  }

  /** A cached question is answered at once without calling the embedder. */
  @Test
  void theCacheAnswersWithoutCallingTheEmbedder(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      FakeEmbedder fake = new FakeEmbedder();
      QuestionEmbedder embedder = new QuestionEmbedder(fake, 8, 1, 16);

      Future<float[]> first = embedder.embed("metformin dose?");
      fake.succeed(0);
      Future<float[]> again = embedder.embed("metformin dose?");

      ctx.verify(() -> {
        assertThat(fake.calls).hasSize(1);
        assertThat(again.succeeded()).as("completed without waiting").isTrue();
        assertThat(again.result()).containsExactly(first.result());
      });
      ctx.completeNow();
    });
  }

  /** The cache is LRU-bounded: an evicted question is embedded again; size 0 disables caching. */
  @Test
  void theCacheIsBoundedAndCanBeDisabled(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      FakeEmbedder fake = new FakeEmbedder();
      QuestionEmbedder one = new QuestionEmbedder(fake, 8, 1, 1);
      one.embed("first question");
      fake.succeed(0);
      one.embed("second question");
      fake.succeed(1);
      one.embed("first question");
      ctx.verify(() -> assertThat(fake.calls).hasSize(3).last().isEqualTo(List.of("first question")));
      fake.succeed(2);

      FakeEmbedder fake2 = new FakeEmbedder();
      QuestionEmbedder none = new QuestionEmbedder(fake2, 8, 1, 0);
      none.embed("same question");
      fake2.succeed(0);
      none.embed("same question");
      ctx.verify(() -> assertThat(fake2.calls).hasSize(2));
      ctx.completeNow();
    });
  }

  /** A failed call fails every question of its batch with its cause; the slot is freed and nothing is cached. */
  @Test
  void aFailureFailsEveryQuestionOfThatBatch(Vertx vertx, VertxTestContext ctx) {
    vertx.runOnContext(v -> {
      FakeEmbedder fake = new FakeEmbedder();
      QuestionEmbedder embedder = new QuestionEmbedder(fake, 8, 1, 16);
      IllegalStateException boom = new IllegalStateException("model unavailable");

      Future<float[]> q1 = embedder.embed("question one");
      Future<float[]> q2 = embedder.embed("question two");
      Future<float[]> q3 = embedder.embed("question three");
      fake.succeed(0);
      ctx.verify(() -> assertThat(fake.calls).last().isEqualTo(List.of("question two", "question three")));

      fake.fail(1, boom);
      ctx.verify(() -> {
        assertThat(q1.succeeded()).isTrue();
        assertThat(q2.failed()).isTrue();
        assertThat(q3.failed()).isTrue();
        assertThat(q2.cause()).isSameAs(boom);
        assertThat(q3.cause()).isSameAs(boom);
      });

      Future<float[]> retry = embedder.embed("question two");
      ctx.verify(() -> assertThat(fake.calls).as("slot freed, failure not cached")
          .hasSize(3).last().isEqualTo(List.of("question two")));
      fake.succeed(2);
      retry.onComplete(ctx.succeeding(vec -> ctx.verify(() -> {
        assertThat(vec).containsExactly(vectorOf("question two"));
        ctx.completeNow();
      })));
    });
  }
}
