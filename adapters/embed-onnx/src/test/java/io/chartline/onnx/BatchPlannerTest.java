package io.chartline.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

  @Test
  void shortTextsShareBatchesUpToTheBatchSize() {
    List<int[]> batches = new BatchPlanner(8, 512).plan(IntStream.generate(() -> 20).limit(20).toArray());

    assertThat(batches).extracting(b -> b.length).containsExactly(8, 8, 4);
  }

  @Test
  void longTextsGoAloneWhenTwoWouldExceedTheTokenBudget() {
    List<int[]> batches = new BatchPlanner(8, 512).plan(new int[] {300, 310, 290});

    assertThat(batches).hasSize(3).allSatisfy(b -> assertThat(b).hasSize(1));
  }

  @Test
  void groupsBySimilarLengthSoShortTextsAreNotPaddedToLongOnes() {
    int[] lengths = {400, 12, 380, 15, 14};

    List<int[]> batches = new BatchPlanner(8, 512).plan(lengths);

    assertThat(batches.get(0)).containsExactlyInAnyOrder(1, 3, 4);
    assertThat(batches.subList(1, batches.size())).allSatisfy(b -> assertThat(b).hasSize(1));
  }

  @Test
  void everyIndexIsPlannedExactlyOnceAndEveryBatchRespectsTheBudget() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int[] lengths = IntStream.range(0, random.nextInt(40)).map(i -> 2 + random.nextInt(511)).toArray();

      int maxBatchSize = 1 + random.nextInt(8);

      List<int[]> batches = new BatchPlanner(maxBatchSize, 512).plan(lengths);

      assertThat(batches.stream().flatMapToInt(IntStream::of).sorted().toArray())
          .containsExactly(IntStream.range(0, lengths.length).toArray());
      for (int[] batch : batches) {
        int longest = IntStream.of(batch).map(i -> lengths[i]).max().orElseThrow();
        assertThat(batch.length).isLessThanOrEqualTo(maxBatchSize);
        assertThat(batch.length == 1 || batch.length * longest <= 512).isTrue();
      }
    }
  }
}
