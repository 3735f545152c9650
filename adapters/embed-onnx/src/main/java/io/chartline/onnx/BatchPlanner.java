package io.chartline.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Groups texts of similar token length into model batches so padding stays small.
 *
 * <p>Texts are ordered by length; a batch is closed when one more text would exceed
 * {@code maxBatchSize} texts or make {@code texts * longestInBatch} exceed {@code maxBatchTokens}.
 * A text longer than {@code maxBatchTokens} on its own still gets a batch of one.
 */
final class BatchPlanner {

  private final int maxBatchSize;
  private final int maxBatchTokens;

  BatchPlanner(int maxBatchSize, int maxBatchTokens) {
    this.maxBatchSize = maxBatchSize;
    this.maxBatchTokens = maxBatchTokens;
  }

  /** @return batches of indexes into {@code tokenCounts}; every index appears exactly once. */
  List<int[]> plan(int[] tokenCounts) {
    Integer[] order = IntStream.range(0, tokenCounts.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt(i -> tokenCounts[i]));
    List<int[]> batches = new ArrayList<>();
    int[] current = new int[maxBatchSize];
    int size = 0;
    for (int index : order) {
      // Ascending order: the newcomer is the longest text of the batch.
      boolean full = size == maxBatchSize || (long) (size + 1) * tokenCounts[index] > maxBatchTokens;
      if (size > 0 && full) {
        batches.add(Arrays.copyOf(current, size));
        size = 0;
      }
      current[size++] = index;
    }
    if (size > 0) {
      batches.add(Arrays.copyOf(current, size));
    }
    return batches;
  }
}
