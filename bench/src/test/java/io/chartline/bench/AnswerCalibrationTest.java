package io.chartline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The threshold rule and the reply check of {@code bench answers}, on hand-made scores and replies. */
class AnswerCalibrationTest {

  /** Precision and recall at a threshold count "best score >= threshold" as answered. */
  @Test
  void countsScoresAtTheThresholdAsAnswered() {
    List<AnswerCalibration.Point> sweep = AnswerCalibration.sweep(new double[] {0.7, 0.6, 0.5},
        new double[] {0.6, 0.3});
    // 0.6 is exactly a threshold: it counts as answered there

    AnswerCalibration.Point at60 = sweep.get(60);
    assertThat(at60.threshold()).isEqualTo(0.60);
    assertThat(at60.truePositives()).isEqualTo(2);
    assertThat(at60.falsePositives()).isEqualTo(1);
    assertThat(at60.precision()).isEqualTo(2 / 3.0);
    assertThat(at60.recall()).isEqualTo(2 / 3.0);
    assertThat(sweep).hasSize(101);
  }

  /** The rule takes the lowest threshold whose precision reaches 0.9, not the one with the best F1. */
  @Test
  void choosesTheLowestThresholdWithPrecisionAtLeastNinetyPercent() {
    double[] answerable = new double[20];
    for (int i = 0; i < 20; i++) {
      answerable[i] = 0.505 + i * 0.01; // 0.505 .. 0.695, off the 0.01 grid
    }
    double[] unanswerable = {0.405, 0.455, 0.525, 0.555, 0.585};

    AnswerCalibration.Choice choice = AnswerCalibration.choose(AnswerCalibration.sweep(answerable, unanswerable));

    // at 0.53: 17 answerable and 2 unanswerable answered, precision 0.895; at 0.55: 15 and 2, 0.882;
    // at 0.56: 14 and 1, 0.933 -> the first at or above 0.9. F1 is best (0.930) from 0.46 on: 20 and 3
    assertThat(choice.meetsPrecisionRule()).isTrue();
    assertThat(choice.point().threshold()).isEqualTo(0.56);
    assertThat(choice.point().precision()).isGreaterThanOrEqualTo(0.9);
    assertThat(choice.bestF1().threshold()).isEqualTo(0.46);
  }

  /** When no threshold reaches the precision, the best-F1 threshold is chosen and flagged. */
  @Test
  void fallsBackToBestF1WhenNoThresholdIsPreciseEnough() {
    AnswerCalibration.Choice choice = AnswerCalibration.choose(AnswerCalibration.sweep(new double[] {0.5, 0.6},
        new double[] {0.5, 0.6, 0.7}));

    assertThat(choice.meetsPrecisionRule()).isFalse();
    assertThat(choice.point()).isEqualTo(choice.bestF1());
  }

  /** A reply agrees when its markers, in order of first mention, are exactly the refs 1..k. */
  @Test
  void markerCheckAcceptsOnlyRepliesWhoseMarkersAreTheirCitations() {
    JsonObject good = new JsonObject(
        "{\"answered\":true,\"answer\":\"A. [1] B. [2] C. [1]\",\"citations\":[{\"ref\":1},{\"ref\":2}]}");
    JsonObject dangling = new JsonObject(
        "{\"answered\":true,\"answer\":\"A. [1] B. [5]\",\"citations\":[{\"ref\":1},{\"ref\":2}]}");
    JsonObject unused = new JsonObject("{\"answered\":true,\"answer\":\"A. [1]\",\"citations\":[{\"ref\":1},{\"ref\":2}]}");
    JsonObject none = new JsonObject("{\"answered\":false,\"answer\":\"No answer.\",\"citations\":[]}");

    assertThat(MarkerCheck.consistent(good)).isTrue();
    assertThat(MarkerCheck.consistent(dangling)).isFalse();
    assertThat(MarkerCheck.consistent(unused)).isFalse();
    assertThat(MarkerCheck.consistent(none)).isTrue();
  }
}
