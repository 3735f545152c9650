package io.chartline.devstack.bedrock;

/**
 * Fast deterministic embeddings without a model, for throughput benchmarks: signed feature hashing
 * of the text's lower-cased words into the requested dimension, so texts that share words still
 * point the same way. Costs a few microseconds per text. A text without words gets a fixed vector.
 */
final class HashedVectors implements TitanVectors {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final long seed;

  HashedVectors(long seed) {
    this.seed = seed;
  }

  @Override
  public float[] embed(String text, int dimension, boolean normalize) {
    float[] vector = new float[dimension];
    long hash = FNV_OFFSET ^ seed;
    boolean inWord = false;
    boolean any = false;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c)) {
        hash = (hash ^ Character.toLowerCase(c)) * FNV_PRIME;
        inWord = true;
        continue;
      }
      if (inWord) {
        add(vector, mix(hash));
        any = true;
        hash = FNV_OFFSET ^ seed;
        inWord = false;
      }
    }
    if (!any) {
      vector[(int) Long.remainderUnsigned(mix(seed), dimension)] = 1;
    }
    return normalize ? TitanVectors.normalize(vector) : vector;
  }

  @Override
  public String mode() {
    return "hashed";
  }

  private static void add(float[] vector, long hash) {
    int index = (int) Long.remainderUnsigned(hash >>> 1, vector.length);
    vector[index] += (hash & 1) == 0 ? 1 : -1;
  }

  /** SplitMix64's finaliser: spreads the bits of a word hash over the whole long. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public boolean blocking() {
    return false;
  }
}
