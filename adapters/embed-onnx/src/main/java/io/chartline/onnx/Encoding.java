package io.chartline.onnx;

import java.util.Arrays;

/**
 * A text encoded for a BERT-style model: {@code [CLS] tokens [SEP]}, unpadded.
 *
 * <p>The three arrays have {@code tokenCount} elements; the attention mask is all ones and the
 * token type ids all zeros (single-sequence input). {@code truncated} says that tokens past
 * the requested maximum length were dropped. Arrays are shared, not copied: treat them as
 * read-only. Record equality compares array identity.
 */
public record Encoding(
    long[] inputIds, long[] attentionMask, long[] tokenTypeIds, int tokenCount, boolean truncated) {

  static Encoding of(int clsId, int[] tokenIds, int count, int sepId, boolean truncated) {
    int length = count + 2;
    long[] ids = new long[length];
    long[] mask = new long[length];
    ids[0] = clsId;
    for (int i = 0; i < count; i++) {
      ids[i + 1] = tokenIds[i];
    }
    ids[length - 1] = sepId;
    Arrays.fill(mask, 1L);
    return new Encoding(ids, mask, new long[length], length, truncated);
  }
}
