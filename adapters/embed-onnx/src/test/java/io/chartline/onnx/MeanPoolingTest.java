package io.chartline.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class MeanPoolingTest {

  @Test
  void averagesOnlyRealTokensThenScalesToUnitLength() {
    // Two rows, padded length 3, hidden size 2; row 0 has 2 real tokens, row 1 has 3.
    FloatBuffer hidden = FloatBuffer.wrap(new float[] {
        1, 0,   3, 0,   100, 100,
        0, 2,   0, 4,   0, 6});

    float[][] vectors = MeanPooling.pool(hidden, 2, 3, 2, new int[] {2, 3});

    assertThat(vectors[0]).containsExactly(new float[] {1, 0}, offset(1e-6f));
    assertThat(vectors[1]).containsExactly(new float[] {0, 1}, offset(1e-6f));
  }

  @Test
  void aZeroVectorStaysZeroInsteadOfBecomingNaN() {
    float[] zero = new float[4];

    MeanPooling.normalize(zero);

    assertThat(zero).containsOnly(0f);
  }
}
