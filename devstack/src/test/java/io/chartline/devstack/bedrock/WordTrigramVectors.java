package io.chartline.devstack.bedrock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stand-in model for tests: character-trigram counts hashed into 384 dimensions, scaled to length
 * {@code scale}, so texts sharing words are close and the vectors are not unit length unless asked.
 */
final class WordTrigramVectors implements TextVectors {

  static final int DIMENSION = 384;
  private final double scale;

  WordTrigramVectors(double scale) {
    this.scale = scale;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public List<float[]> vectors(List<String> texts) {
    List<float[]> out = new ArrayList<>();
    for (String text : texts) {
      out.add(vector(text));
    }
    return out;
  }

  float[] vector(String text) {
    float[] v = new float[DIMENSION];
    String padded = " " + text.toLowerCase(Locale.ROOT) + " ";
    for (int i = 0; i + 3 <= padded.length(); i++) {
      int h = padded.substring(i, i + 3).hashCode();
      v[Math.floorMod(h, DIMENSION)] += (h & 0x100) == 0 ? 1 : -1;
    }
    double norm = Math.sqrt(BedrockClients.dot(v, v));
    for (int i = 0; i < DIMENSION; i++) {
      v[i] = (float) (v[i] * scale / norm);
    }
    return v;
  }
}
