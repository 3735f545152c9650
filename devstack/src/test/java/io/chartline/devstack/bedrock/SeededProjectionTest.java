package io.chartline.devstack.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The seeded projection from a model's dimension to Titan's. */
class SeededProjectionTest {

  private static final int MODEL = 384;

  @Test
  void growingTheDimensionKeepsEveryInnerProduct() {
    SeededProjection projection = new SeededProjection(MODEL, 11);
    Random random = new Random(1);
    for (int trial = 0; trial < 20; trial++) {
      float[] a = gaussian(random);
      float[] b = gaussian(random);
      for (int dimension : new int[] {512, 1024}) {
        float[] pa = projection.project(a, dimension);
        float[] pb = projection.project(b, dimension);
        assertThat(BedrockClients.dot(pa, pb)).isCloseTo(BedrockClients.dot(a, b), within(1e-2));
        assertThat(BedrockClients.norm(pa)).isCloseTo(BedrockClients.norm(a), within(1e-3));
      }
    }
  }

  @Test
  void shrinkingTheDimensionKeepsCosinesClose() {
    SeededProjection projection = new SeededProjection(MODEL, 11);
    Random random = new Random(2);
    double worst = 0;
    double sum = 0;
    for (int trial = 0; trial < 200; trial++) {
      float[] a = gaussian(random);
      float[] b = mix(a, gaussian(random), random.nextDouble());
      double error = Math.abs(BedrockClients.cosine(projection.project(a, 256), projection.project(b, 256))
          - BedrockClients.cosine(a, b));
      worst = Math.max(worst, error);
      sum += error;
    }
    assertThat(sum / 200).as("mean cosine error at 256 dimensions").isLessThan(0.05);
    assertThat(worst).isLessThan(0.2);
  }

  @Test
  void theSameSeedGivesTheSameMapAndAnotherSeedAnother() {
    float[] v = gaussian(new Random(3));
    assertThat(new SeededProjection(MODEL, 11).project(v, 512)).containsExactly(
        new SeededProjection(MODEL, 11).project(v, 512));
    assertThat(new SeededProjection(MODEL, 12).project(v, 512)).isNotEqualTo(
        new SeededProjection(MODEL, 11).project(v, 512));
  }

  @Test
  void aVectorOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> new SeededProjection(MODEL, 11).project(new float[10], 256))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected 384");
  }

  private static float[] gaussian(Random random) {
    float[] v = new float[MODEL];
    for (int i = 0; i < MODEL; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static float[] mix(float[] a, float[] b, double share) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (float) (share * a[i] + (1 - share) * b[i]);
    }
    return out;
  }
}
