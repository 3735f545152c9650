package io.chartline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.generate.Generator.Answer;
import io.chartline.common.store.ChunkStore.Passage;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Extractive answers: the right sentences, cited by passage, in document order, within bounds. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ExtractiveGeneratorTest {

  static final Pattern CITATION = Pattern.compile(" \\[(\\d+)]");

  static Passage passage(double score, String content) {
    return new Passage(UUID.randomUUID(), "Note", 0, 1, 0, content.length(), content, null, score, null);
  }

  static int citationCount(String text) {
    Matcher m = CITATION.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The sentence sharing the question's content words is chosen and cited with its passage's index. */
  @Test
  void picksTheSentenceSharingTheQuestionsContentWords(VertxTestContext ctx) {
    List<Passage> passages = List.of(
        passage(0.62, "Blood pressure was elevated at the visit. Lisinopril 10 mg daily was continued."),
        passage(0.60, "The patient was seen in clinic today. Metformin 500 mg twice daily was prescribed for diabetes. "
            + "Follow up in three months with repeat labs."),
        passage(0.61, "No known drug allergies were reported. Family history is noncontributory."));

    new ExtractiveGenerator(1).answer("What dose of metformin was prescribed?", passages)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text()).isEqualTo("Metformin 500 mg twice daily was prescribed for diabetes. [2]");
          ctx.completeNow();
        })));
  }


  /** No passages at all also gives an empty answer. */
  @Test
  void returnsAnEmptyAnswerForNoPassages(VertxTestContext ctx) {
    new ExtractiveGenerator(3).answer("metformin dose", List.of())
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text()).isEmpty();
          ctx.completeNow();
        })));
  }


  /** Chosen sentences appear in document order (passage, then sentence), not in score order. */
  @Test
  void answerSentencesAppearInDocumentOrder(VertxTestContext ctx) {
    List<Passage> passages = List.of(
        passage(0.40, "Atorvastatin 40 mg nightly was started for hyperlipidemia."),
        passage(0.60, "Heart rate was irregular on examination today. "
            + "Apixaban 5 mg twice daily was started for atrial fibrillation."));

    new ExtractiveGenerator(2).answer("Which anticoagulant and statin were started: apixaban, atorvastatin?",
        passages).onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text()).isEqualTo("Atorvastatin 40 mg nightly was started for hyperlipidemia. [1] "
              + "Apixaban 5 mg twice daily was started for atrial fibrillation. [2]");
          ctx.completeNow();
        })));
  }

  /** Within one passage, a more relevant later sentence still follows an earlier chosen one. */
  @Test
  void sentencesOfOnePassageKeepTheirOrder(VertxTestContext ctx) {
    String first = "Creatinine was measured at 1.1 mg/dL on admission.";
    String second = "Creatinine rose to 2.4 mg/dL after contrast, consistent with acute kidney injury.";
    List<Passage> passages = List.of(passage(0.7, first + " " + second));

    new ExtractiveGenerator(2).answer("Did creatinine rise after contrast (kidney injury)?", passages)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text()).isEqualTo(first + " [1] " + second + " [1]");
          ctx.completeNow();
        })));
  }

  /** The answer holds at most maxSentences sentences even when many match. */
  @Test
  void answersWithAtMostMaxSentences(VertxTestContext ctx) {
    StringBuilder content = new StringBuilder();
    for (int i = 1; i <= 6; i++) {
      content.append("Insulin glargine dose number ").append(i).append(" was adjusted by the team. ");
    }
    List<Passage> passages = List.of(passage(0.8, content.toString()), passage(0.7, content.toString()
        .replace("team", "endocrinology service")));

    new ExtractiveGenerator(2).answer("insulin glargine dose adjusted", passages)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(citationCount(answer.text())).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  /** A sentence repeated by overlapping passages is used once, cited from the higher-scoring passage. */
  @Test
  void aSentenceRepeatedByOverlappingPassagesIsUsedOnce(VertxTestContext ctx) {
    String shared = "Warfarin was held for five days before the procedure.";
    List<Passage> passages = List.of(
        passage(0.50, "The colonoscopy was scheduled electively. " + shared),
        passage(0.80, shared + " Bridging with enoxaparin was not required."));

    new ExtractiveGenerator(3).answer("When was warfarin held?", passages)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text().split("Warfarin was held", -1)).hasSize(2);
          assertThat(answer.text()).contains(shared + " [2]");
          ctx.completeNow();
        })));
  }

  /** A passage that is one long sentence (no terminal punctuation, line breaks inside) is answered whole. */
  @Test
  void worksWithAPassageOfOneLongSentence(VertxTestContext ctx) {
    StringBuilder longSentence = new StringBuilder("Assessment of chronic obstructive pulmonary disease");
    for (int i = 0; i < 200; i++) {
      longSentence.append(i % 20 == 0 ? "\n  " : " ").append("with spirometry finding ").append(i);
    }
    String content = longSentence.toString();
    String normalised = content.strip().replaceAll("\\s+", " ");

    new ExtractiveGenerator(3).answer("spirometry in COPD (pulmonary disease)?", List.of(passage(0.7, content)))
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(content.length()).isGreaterThan(4000);
          assertThat(answer.text()).isEqualTo(normalised + " [1]");
          ctx.completeNow();
        })));
  }

  /** Fragments shorter than 12 characters are never answer sentences. */
  @Test
  void ignoresVeryShortFragments(VertxTestContext ctx) {
    new ExtractiveGenerator(3).answer("aspirin", List.of(passage(0.9, "Aspirin. Aspirin 81.")))
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text()).isEmpty();
          ctx.completeNow();
        })));
  }

  /** A capitalised heading ranks below a normal sentence with the same words. */
  @Test
  void prefersProseOverHeadings(VertxTestContext ctx) {
    List<Passage> passages = List.of(passage(0.7,
        "DISCHARGE MEDICATIONS: ASPIRIN AND CLOPIDOGREL\n\nAspirin and clopidogrel were continued at discharge."));

    new ExtractiveGenerator(1).answer("aspirin clopidogrel discharge medications", passages)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text()).isEqualTo("Aspirin and clopidogrel were continued at discharge. [1]");
          ctx.completeNow();
        })));
  }

  /** Bracketed numbers of the source text become parenthesised: the only [n] left are the answer's own markers. */
  @Test
  void bracketedNumbersInTheSourceCannotPassForMarkers(VertxTestContext ctx) {
    List<Passage> passages = List.of(passage(0.7, "Metformin lowers hepatic glucose output [12] and weight [3]."));

    new ExtractiveGenerator(1).answer("metformin glucose", passages)
        .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
          assertThat(answer.text()).isEqualTo("Metformin lowers hepatic glucose output (12) and weight (3). [1]");
          ctx.completeNow();
        })));
  }
}
