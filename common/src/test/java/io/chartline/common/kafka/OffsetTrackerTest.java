package io.chartline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.vertx.kafka.client.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Only offsets whose record and every earlier record have finished become committable. */
class OffsetTrackerTest {

  static final TopicPartition P0 = new TopicPartition("docs.chunks.v1", 0);
  static final TopicPartition P1 = new TopicPartition("docs.chunks.v1", 1);
  static final TopicPartition OTHER_TOPIC_P0 = new TopicPartition("docs.uploaded.v1", 0);

  final OffsetTracker tracker = new OffsetTracker();

  void start(TopicPartition p, long from, long toInclusive) {
    for (long o = from; o <= toInclusive; o++) {
      tracker.started(p, o);
    }
  }

  /** Out-of-order completion commits only the contiguous finished prefix: finish 2,0 → 1; then 1 → 3. */
  @Test
  void outOfOrderCompletionCommitsOnlyTheContiguousPrefix() {
    start(P0, 0, 4);

    assertThat(tracker.finished(P0, 2)).isTrue();
    assertThat(tracker.toCommit()).as("2 finished but 0 and 1 are in flight").isEmpty();

    assertThat(tracker.finished(P0, 0)).isTrue();
    assertThat(tracker.toCommit()).containsExactly(entry(P0, 1L));

    assertThat(tracker.finished(P0, 1)).isTrue();
    assertThat(tracker.toCommit()).containsExactly(entry(P0, 3L));

    assertThat(tracker.finished(P0, 4)).isTrue();
    assertThat(tracker.toCommit()).as("3 still in flight").containsExactly(entry(P0, 3L));

    assertThat(tracker.finished(P0, 3)).isTrue();
    assertThat(tracker.toCommit()).containsExactly(entry(P0, 5L));
  }

  /** Pending counts records in flight plus finished ones waiting on an earlier record. */
  @Test
  void pendingCountsInFlightAndWaitingRecords() {
    start(P0, 0, 4);
    start(P1, 10, 11);
    assertThat(tracker.pending(P0)).isEqualTo(5);
    assertThat(tracker.pendingTotal()).isEqualTo(7);

    tracker.finished(P0, 2);
    assertThat(tracker.pending(P0)).as("2 waits on 0 and 1").isEqualTo(5);

    tracker.finished(P0, 0);
    assertThat(tracker.pending(P0)).isEqualTo(4);

    tracker.finished(P0, 1);
    assertThat(tracker.pending(P0)).as("only 3 and 4 remain").isEqualTo(2);
    assertThat(tracker.pendingTotal()).isEqualTo(4);
    assertThat(tracker.pending(new TopicPartition("unknown", 0))).isZero();
  }

  /** After {@code committed}, toCommit returns a partition again only once it has advanced further. */
  @Test
  void toCommitReturnsOnlyPartitionsThatAdvancedSinceTheLastCommit() {
    start(P0, 0, 2);
    start(P1, 0, 0);
    tracker.finished(P0, 0);
    tracker.finished(P1, 0);
    assertThat(tracker.toCommit()).containsOnly(entry(P0, 1L), entry(P1, 1L));

    tracker.committed(P0, 1);
    tracker.committed(P1, 1);
    assertThat(tracker.toCommit()).isEmpty();

    tracker.finished(P0, 1);
    assertThat(tracker.toCommit()).containsExactly(entry(P0, 2L));

    tracker.committed(P0, 2);
    tracker.committed(P0, 1);
    assertThat(tracker.toCommit()).as("an older commit acknowledgement does not move the mark back").isEmpty();
  }

  /** forget drops a revoked partition: nothing pending or committable, and a late finish returns false. */
  @Test
  void forgetDropsAPartitionAndLateCompletionsAreRefused() {
    start(P0, 0, 3);
    start(P1, 0, 1);
    tracker.finished(P0, 0);

    tracker.forget(P0);

    assertThat(tracker.pending(P0)).isZero();
    assertThat(tracker.pendingTotal()).isEqualTo(2);
    assertThat(tracker.toCommit()).doesNotContainKey(P0);
    assertThat(tracker.finished(P0, 1)).isFalse();
    assertThat(tracker.toCommit()).doesNotContainKey(P0);
  }

  /** A partition reassigned after forget is tracked afresh from the offsets it restarts at. */
  @Test
  void aPartitionReassignedAfterForgetStartsAfresh() {
    start(P0, 0, 1);
    tracker.finished(P0, 0);
    tracker.finished(P0, 1);
    tracker.committed(P0, 2);
    tracker.forget(P0);

    tracker.started(P0, 1);
    tracker.finished(P0, 1);

    assertThat(tracker.toCommit()).containsExactly(entry(P0, 2L));
  }

  /** Finishing an offset that was never started (or already committed past) is refused and changes nothing. */
  @Test
  void finishingAnUnknownOffsetIsRefused() {
    start(P0, 5, 6);

    assertThat(tracker.finished(P0, 4)).isFalse();
    assertThat(tracker.finished(P1, 5)).isFalse();
    assertThat(tracker.toCommit()).isEmpty();

    tracker.finished(P0, 5);
    assertThat(tracker.finished(P0, 5)).as("already past the committable mark").isFalse();
    assertThat(tracker.toCommit()).containsExactly(entry(P0, 6L));
  }

  /** Partitions of one topic and same-numbered partitions of two topics advance independently. */
  @Test
  void partitionsAndTopicsAreIndependent() {
    start(P0, 0, 1);
    start(P1, 0, 1);
    start(OTHER_TOPIC_P0, 0, 1);

    tracker.finished(P1, 0);
    tracker.finished(P1, 1);
    tracker.finished(OTHER_TOPIC_P0, 1);

    assertThat(tracker.toCommit()).containsOnly(entry(P1, 2L));
    assertThat(tracker.pending(P0)).isEqualTo(2);
    assertThat(tracker.pending(OTHER_TOPIC_P0)).isEqualTo(2);

    tracker.forget(P1);
    tracker.finished(OTHER_TOPIC_P0, 0);
    assertThat(tracker.toCommit()).containsOnly(entry(OTHER_TOPIC_P0, 2L));
    assertThat(tracker.pending(P0)).isEqualTo(2);
  }
}
