package io.chartline.devstack.bedrock;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed linear map from a model's vectors (dimension d) to a Titan dimension D, drawn from a seed,
 * that keeps cosine similarity: for D ≥ d its columns are orthonormal, so every inner product and
 * norm is kept exactly; for D &lt; d its rows are orthonormal (a random orthogonal projection scaled
 * by √(d/D)), which keeps cosines to within about 1/√D on average (Johnson–Lindenstrauss). The same
 * seed gives the same map in every JVM ({@link Random}'s algorithm is specified). Maps are built once
 * per target dimension on first use (modified Gram–Schmidt, twice for numerical stability; a few
 * hundred milliseconds for 384 → 1024).
 *
 * <p>Thread-safe.
 */
final class SeededProjection {

  private final int sourceDimension;
  private final long seed;
  private final Map<Integer, float[][]> maps = new ConcurrentHashMap<>();

  SeededProjection(int sourceDimension, long seed) {
    if (sourceDimension < 1) {
      throw new IllegalArgumentException("model dimension must be at least 1, not " + sourceDimension);
    }
    this.sourceDimension = sourceDimension;
    this.seed = seed;
  }

  /** {@code vector} (of the model's dimension) mapped to {@code dimension} components. */
  float[] project(float[] vector, int dimension) {
    if (vector.length != sourceDimension) {
      throw new IllegalStateException("model returned " + vector.length + " components, expected " + sourceDimension);
    }
    float[][] map = maps.computeIfAbsent(dimension, this::build);
    float[] out = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      float[] row = map[i];
      double sum = 0;
      for (int j = 0; j < sourceDimension; j++) {
        sum += row[j] * vector[j];
      }
      out[i] = (float) sum;
    }
    return out;
  }

  /** The D×d matrix, row-major. */
  private float[][] build(int dimension) {
    int d = sourceDimension;
    int count = Math.min(dimension, d);
    int length = Math.max(dimension, d);
    double[][] basis = orthonormal(count, length, new Random(seed * 31 + dimension));
    float[][] map = new float[dimension][d];
    if (dimension >= d) {
      for (int j = 0; j < d; j++) {
        for (int i = 0; i < dimension; i++) {
          map[i][j] = (float) basis[j][i];
        }
      }
    } else {
      double scale = Math.sqrt((double) d / dimension);
      for (int i = 0; i < dimension; i++) {
        for (int j = 0; j < d; j++) {
          map[i][j] = (float) (basis[i][j] * scale);
        }
      }
    }
    return map;
  }

  /** {@code count} orthonormal vectors of {@code length} (count ≤ length) from Gaussian draws. */
  static double[][] orthonormal(int count, int length, Random random) {
    double[][] vectors = new double[count][length];
    for (int k = 0; k < count; k++) {
      double[] v = vectors[k];
      for (int i = 0; i < length; i++) {
        v[i] = random.nextGaussian();
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int p = 0; p < k; p++) {
          double[] u = vectors[p];
          double dot = 0;
          for (int i = 0; i < length; i++) {
            dot += u[i] * v[i];
          }
          for (int i = 0; i < length; i++) {
            v[i] -= dot * u[i];
          }
        }
      }
      double norm = 0;
      for (double x : v) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < length; i++) {
        v[i] /= norm;
      }
    }
    return vectors;
  }
}
