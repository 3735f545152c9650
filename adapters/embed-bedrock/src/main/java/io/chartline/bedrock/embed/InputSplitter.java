package io.chartline.bedrock.embed;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text longer than the model accepts into parts, and combines the parts' vectors into
 * one: their mean weighted by each part's length in characters, re-normalised to unit length. A
 * part ends at the last whitespace in its second half when there is one, so words stay whole, and
 * never inside a surrogate pair.
 */
final class InputSplitter {

  /** More parts than this make a text too large to embed (1.6 M characters at the default part size). */
  static final int MAX_PARTS = 64;

  private final int maxChars;

  InputSplitter(int maxChars) {
    if (maxChars < 2) {
      throw new IllegalArgumentException("maxChars must be at least 2, was " + maxChars);
    }
    this.maxChars = maxChars;
  }

  /** @return the parts, each at most {@code maxChars} long: {@code text} itself when it fits. */
  List<String> split(String text) {
    if (text.length() <= maxChars) {
      return List.of(text);
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + maxChars);
      if (end < text.length()) {
        int cut = end;
        while (cut > start + maxChars / 2 && !Character.isWhitespace(text.charAt(cut - 1))) {
          cut--;
        }
        end = cut > start + maxChars / 2 ? cut : end;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
          end--;
        }
      }
      parts.add(text.substring(start, end));
      start = end;
    }
    return parts;
  }

  /** @return the length-weighted mean of {@code vectors}, scaled to unit length. */
  static float[] combine(List<float[]> vectors, List<String> parts) {
    if (vectors.size() == 1) {
      return vectors.get(0);
    }
    double[] sum = new double[vectors.get(0).length];
    for (int p = 0; p < vectors.size(); p++) {
      float[] v = vectors.get(p);
      double weight = parts.get(p).length();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += weight * v[i];
      }
    }
    double norm = 0;
    for (double x : sum) {
      norm += x * x;
    }
    if (norm == 0) {
      return vectors.get(0); // parts pointing in exactly opposite directions: keep the first part's meaning
    }
    double scale = 1 / Math.sqrt(norm);
    float[] out = new float[sum.length];
    for (int i = 0; i < sum.length; i++) {
      out[i] = (float) (sum[i] * scale);
    }
    return out;
  }
}
