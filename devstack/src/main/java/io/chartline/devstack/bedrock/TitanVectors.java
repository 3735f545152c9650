package io.chartline.devstack.bedrock;

/** Where the Titan endpoint's embeddings come from: a projected model or hashed vectors. */
interface TitanVectors {

  /**
   * The embedding of {@code text} with {@code dimension} components, of unit length when
   * {@code normalize}. May block (model inference): called on a worker thread.
   */
  float[] embed(String text, int dimension, boolean normalize);

  /** A short name for logs: {@code projected} or {@code hashed}. */
  String mode();

  /** True when {@link #embed} may block and must run on a worker thread. */
  boolean blocking();

  /** Scales {@code vector} to unit length in place; a zero vector stays zero. */
  static float[] normalize(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    if (sum > 0) {
      double scale = 1 / Math.sqrt(sum);
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) (vector[i] * scale);
      }
    }
    return vector;
  }
}
