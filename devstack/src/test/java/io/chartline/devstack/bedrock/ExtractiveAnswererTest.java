package io.chartline.devstack.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The extractive stand-in for Claude, without the wire. */
class ExtractiveAnswererTest {

  private final ExtractiveAnswerer answerer = new ExtractiveAnswerer();

  @Test
  void theBestSentenceComesFirstAndEveryCitationPointsAtItsCharacters() {
    String text = "Vitals stable.\nHemoglobin A1c was 8.2 percent in March. Metformin was increased.  "
        + "Diet counselling was offered!";
    Answer answer = answerer.answer(request("What was the hemoglobin A1c?", document(0, text)));

    assertThat(answer.parts().get(0).text()).isEqualTo("Hemoglobin A1c was 8.2 percent in March.");
    for (Answer.Part part : answer.parts()) {
      if (part.citation() != null) {
        assertThat(text.substring(part.citation().start(), part.citation().end())).isEqualTo(part.text());
      }
    }
    assertThat(answer.text()).doesNotContain("Vitals").doesNotContain("Diet");
  }

  @Test
  void sentencesMatchingLessThanHalfTheBestAreLeftOutAndPluralsFold() {
    Answer answer = answerer.answer(request("Which latex allergies?", document(0,
        "The patient reports an allergy to latex. The patient walked in with a latex glove. "
            + "Latex allergies cause hives.")));

    assertThat(answer.text()).isEqualTo("The patient reports an allergy to latex. Latex allergies cause hives.");
  }

  @Test
  void aQuestionOfStopWordsOnlyOrNoDocumentsGetsNoCitedAnswer() {
    assertThat(answerer.answer(request("What is it?", document(0, "It is what it is."))).cites()).isFalse();
    Answer none = answerer.answer(request("What is the dose?"));
    assertThat(none.cites()).isFalse();
    assertThat(none.text()).isEqualTo(ExtractiveAnswerer.NO_ANSWER);
  }

  @Test
  void streamPiecesJoinBackToTheExactText() {
    String text = "  Apixaban 5 mg\ttwice daily,  with food. ";
    assertThat(String.join("", ConverseOutput.pieces(text))).isEqualTo(text);
    assertThat(ConverseOutput.pieces("one two three four")).containsExactly("one two three ", "four");
  }

  @Test
  void tokenEstimatesCountWordsBySixCharactersAndPunctuationApart() {
    assertThat(TokenEstimate.count("")).isZero();
    assertThat(TokenEstimate.count("Blood pressure 120 over 80.")).isEqualTo(7);
    assertThat(TokenEstimate.count("electrocardiogram")).isEqualTo(3);
  }

  private static SourceDocument document(int index, String text) {
    return new SourceDocument(index, "passage " + index, List.of(text), false, true);
  }

  private static ConverseRequest request(String question, SourceDocument... documents) {
    return new ConverseRequest(List.of(documents), question, 0, 0);
  }
}
