package io.chartline.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Precision and recall of {@code answered} at candidate thresholds, from the best-passage scores
 * of questions whose answer is indexed (answerable) and of questions whose answer is not. A query
 * is answered when its best passage scores at or above the threshold, as {@code /v1/query} decides.
 */
public final class AnswerCalibration {

  /** The rule: the lowest threshold (so the highest recall) whose precision is at least this. */
  public static final double MIN_PRECISION = 0.90;

  private AnswerCalibration() {
  }

  /** Counts at one threshold: answered-and-answerable, answered-but-not, and the two misses. */
  public record Point(double threshold, int truePositives, int falsePositives, int falseNegatives,
      int trueNegatives) {

    /** @return the share of answered questions that were answerable; 1 when nothing is answered */
    public double precision() {
      int answered = truePositives + falsePositives;
      return answered == 0 ? 1 : (double) truePositives / answered;
    }

    /** @return the share of answerable questions that were answered */
    public double recall() {
      int answerable = truePositives + falseNegatives;
      return answerable == 0 ? 0 : (double) truePositives / answerable;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /** The chosen threshold, and whether it met the precision rule (else it is the F1-best one). */
  public record Choice(Point point, boolean meetsPrecisionRule, Point bestF1) {
  }

  /** @return one point per threshold {@code 0.00, 0.01, ..., 1.00} */
  public static List<Point> sweep(double[] answerable, double[] unanswerable) {
    List<Point> out = new ArrayList<>(101);
    for (int i = 0; i <= 100; i++) {
      double t = i / 100.0;
      int tp = count(answerable, t);
      int fp = count(unanswerable, t);
      out.add(new Point(t, tp, fp, answerable.length - tp, unanswerable.length - fp));
    }
    return out;
  }

  /**
   * @return the lowest threshold that answers something with precision at least
   *     {@link #MIN_PRECISION}; when none does, the one with the best F1
   */
  public static Choice choose(List<Point> sweep) {
    Point bestF1 = sweep.get(0);
    for (Point p : sweep) {
      if (p.f1() > bestF1.f1()) {
        bestF1 = p;
      }
    }
    for (Point p : sweep) {
      if (p.truePositives() > 0 && p.precision() >= MIN_PRECISION) {
        return new Choice(p, true, bestF1);
      }
    }
    return new Choice(bestF1, false, bestF1);
  }

  private static int count(double[] scores, double threshold) {
    int n = 0;
    for (double s : scores) {
      if (s >= threshold) {
        n++;
      }
    }
    return n;
  }
}
