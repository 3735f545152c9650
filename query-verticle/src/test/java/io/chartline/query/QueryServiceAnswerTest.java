package io.chartline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.generate.Generator;
import io.chartline.common.store.ChunkStore.Passage;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The query reply: markers renumbered to the citations returned, the threshold, and why there is no answer. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class QueryServiceAnswerTest {

  static final TenantId TENANT = TenantId.of("answers");

  static Passage passage(UUID doc, int chunk, double score, String content) {
    return new Passage(doc, "Note", chunk, 1, 0, content.length(), content, null, score, null);
  }

  static Passage passage(double score, String content) {
    return passage(UUID.randomUUID(), 0, score, content);
  }

  /** GIVEN five passages of which the 1st, 3rd and 5th answer, THEN the markers are [1] [2] [3], matching the refs. */
  @Test
  void markersAreTheRefsOfTheCitationsNotThePassageRanks(VertxTestContext ctx) {
    List<Passage> found = List.of(
        passage(0.80, "Metformin 500 mg twice daily was prescribed for diabetes."),
        passage(0.79, "The family history is noncontributory today."),
        passage(0.78, "Metformin was increased to 1000 mg after three months."),
        passage(0.77, "The skin examination was unremarkable today."),
        passage(0.76, "Metformin was stopped because of lactic acidosis risk."));

    AnswerFixtures.service(found, 0.5, 3).query(TENANT, "metformin dose prescribed increased stopped", 5)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getBoolean("answered")).isTrue();
          assertThat(reply.getString("answer")).isEqualTo("Metformin 500 mg twice daily was prescribed for diabetes. [1] "
              + "Metformin was increased to 1000 mg after three months. [2] "
              + "Metformin was stopped because of lactic acidosis risk. [3]");
          JsonArray citations = reply.getJsonArray("citations");
          assertThat(citations.stream().map(c -> ((JsonObject) c).getInteger("ref"))).containsExactly(1, 2, 3);
          assertThat(citations.stream().map(c -> ((JsonObject) c).getInteger("passage"))).containsExactly(1, 3, 5);
          assertThat(citations.getJsonObject(2).getString("document_id")).isEqualTo(found.get(4).documentId().toString());
          ctx.completeNow();
        })));
  }

  /** A best passage below the threshold gives answered false, reason below_threshold, and no citations. */
  @Test
  void belowTheThresholdThereIsNoAnswerAndTheReasonSaysWhy(VertxTestContext ctx) {
    List<Passage> found = List.of(passage(0.37, "Metformin 500 mg twice daily was prescribed for diabetes."));

    AnswerFixtures.service(found, 0.5, 3).query(TENANT, "metformin dose", 5)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getBoolean("answered")).isFalse();
          assertThat(reply.getString("reason")).isEqualTo("below_threshold");
          assertThat(reply.getString("answer")).doesNotContain("Metformin");
          assertThat(reply.getJsonArray("citations")).isEmpty();
          ctx.completeNow();
        })));
  }

  /** A tenant with nothing retrieved gets reason no_passages. */
  @Test
  void nothingRetrievedGivesNoPassages(VertxTestContext ctx) {
    AnswerFixtures.service(List.of(), 0.5, 3).query(TENANT, "metformin dose", 5)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getBoolean("answered")).isFalse();
          assertThat(reply.getString("reason")).isEqualTo("no_passages");
          ctx.completeNow();
        })));
  }

  /** Passages at or above the threshold answer; one below it is never quoted, and ranks stay those of the search. */
  @Test
  void passagesBelowTheThresholdAreNotQuoted(VertxTestContext ctx) {
    List<Passage> found = List.of(
        passage(0.62, "Metformin was stopped because of gastrointestinal side effects."),
        passage(0.49, "Metformin was stopped because the patient asked to stop it."),
        passage(0.50, "Metformin was restarted later at a lower dose."));

    AnswerFixtures.service(found, 0.5, 3).query(TENANT, "Why was metformin stopped?", 5)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getString("answer")).doesNotContain("asked to stop");
          JsonArray citations = reply.getJsonArray("citations");
          assertThat(citations.stream().map(c -> ((JsonObject) c).getInteger("passage"))).containsExactly(1, 3);
          ctx.completeNow();
        })));
  }

  /** Passages only whitespace or fragments reach the threshold: no_answer_text. */
  @Test
  void passagesWithoutSentencesGiveNoAnswerText(VertxTestContext ctx) {
    AnswerFixtures.service(List.of(passage(0.9, "  \n\n "), passage(0.8, "Aspirin.")), 0.5, 3)
        .query(TENANT, "aspirin", 5)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getBoolean("answered")).isFalse();
          assertThat(reply.getString("reason")).isEqualTo("no_answer_text");
          ctx.completeNow();
        })));
  }

  /** A generator's marker naming no passage is removed; text citing nothing valid is not returned (uncited). */
  @Test
  void markersNamingNoPassageAreRemoved(VertxTestContext ctx) {
    List<Passage> found = List.of(passage(0.9, "Metformin 500 mg twice daily was prescribed."),
        passage(0.8, "Metformin was stopped later."));
    Generator claims = fixed("Metformin was prescribed. [2] It was stopped. [7] Then restarted. [0]");
    Generator invents = fixed("Metformin was prescribed. [9]");

    QueryService first = AnswerFixtures.service(found, 0.5, claims);
    QueryService second = AnswerFixtures.service(found, 0.5, invents);
    first.query(TENANT, "metformin", 5).compose(a -> second.query(TENANT, "metformin", 5).map(b -> List.of(a, b)))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          JsonObject a = replies.get(0);
          assertThat(a.getString("answer")).isEqualTo("Metformin was prescribed. [1] It was stopped. Then restarted.");
          assertThat(a.getJsonArray("citations")).hasSize(1);
          assertThat(a.getJsonArray("citations").getJsonObject(0).getInteger("passage")).isEqualTo(2);
          JsonObject b = replies.get(1);
          assertThat(b.getBoolean("answered")).isFalse();
          assertThat(b.getString("reason")).isEqualTo("uncited");
          assertThat(b.getString("answer")).doesNotContain("Metformin");
          ctx.completeNow();
        })));
  }

  /** The same chunk retrieved twice is one citation, whichever of its two positions a marker names. */
  @Test
  void theSameChunkTwiceIsOneCitation(VertxTestContext ctx) {
    UUID doc = UUID.randomUUID();
    List<Passage> found = List.of(passage(doc, 4, 0.9, "Warfarin was held for five days."),
        passage(doc, 4, 0.9, "Warfarin was held for five days."));

    AnswerFixtures.service(found, 0.5, fixed("Held. [2] Held again. [1]")).query(TENANT, "warfarin", 5)
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.getString("answer")).isEqualTo("Held. [1] Held again. [1]");
          assertThat(reply.getJsonArray("citations")).hasSize(1);
          ctx.completeNow();
        })));
  }

  static Generator fixed(String text) {
    return new Generator() {
      @Override
      public Future<Answer> answer(String question, List<Passage> passages) {
        return Future.succeededFuture(new Answer(text));
      }

      @Override
      public String id() {
        return "fixed";
      }
    };
  }
}
