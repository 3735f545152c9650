package io.chartline.onnx;

import java.nio.FloatBuffer;

/**
 * Sentence-transformers pooling for all-MiniLM-L6-v2: the mean of the token vectors under the
 * attention mask, then L2 normalisation.
 */
final class MeanPooling {

  private MeanPooling() {}

  /**
   * @param hiddenStates {@code [batch, paddedLength, hidden]} row-major model output
   * @param tokenCounts real (unpadded) length of each row; padding is on the right
   * @return one unit-length vector per row
   */
  static float[][] pool(FloatBuffer hiddenStates, int batch, int paddedLength, int hidden, int[] tokenCounts) {
    float[][] vectors = new float[batch][hidden];
    for (int row = 0; row < batch; row++) {
      float[] sum = vectors[row];
      int base = row * paddedLength * hidden;
      for (int token = 0; token < tokenCounts[row]; token++) {
        int offset = base + token * hidden;
        for (int d = 0; d < hidden; d++) {
          sum[d] += hiddenStates.get(offset + d);
        }
      }
      float divisor = Math.max(tokenCounts[row], 1);
      for (int d = 0; d < hidden; d++) {
        sum[d] /= divisor;
      }
      normalize(sum);
    }
    return vectors;
  }

  /** Scales {@code v} to unit length in place; a zero vector stays zero. */
  static void normalize(float[] v) {
    double squares = 0;
    for (float x : v) {
      squares += (double) x * x;
    }
    double norm = Math.max(Math.sqrt(squares), 1e-12);
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) (v[d] / norm);
    }
  }
}
