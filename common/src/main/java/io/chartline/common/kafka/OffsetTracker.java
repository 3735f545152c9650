package io.chartline.common.kafka;

import io.vertx.kafka.client.common.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracks in-flight offsets per partition when records complete out of order, and tells the
 * highest offset that is safe to commit: one past the last offset of the contiguous finished run.
 * Not thread-safe: used from one event-loop context.
 */
public final class OffsetTracker {

  private final Map<TopicPartition, TreeMap<Long, Boolean>> pending = new HashMap<>();
  private final Map<TopicPartition, Long> committable = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** Registers a record as in flight. */
  public void started(TopicPartition partition, long offset) {
    pending.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, Boolean.FALSE);
  }

  /** Marks a record finished; returns false when its partition is no longer tracked (revoked). */
  public boolean finished(TopicPartition partition, long offset) {
    TreeMap<Long, Boolean> offsets = pending.get(partition);
    if (offsets == null || !offsets.containsKey(offset)) {
      return false;
    }
    offsets.put(offset, Boolean.TRUE);
    while (!offsets.isEmpty() && offsets.firstEntry().getValue()) {
      long done = offsets.pollFirstEntry().getKey();
      committable.put(partition, done + 1);
    }
    return true;
  }

  /** @return records of {@code partition} not yet committable (in flight or waiting on an earlier one) */
  public int pending(TopicPartition partition) {
    TreeMap<Long, Boolean> offsets = pending.get(partition);
    return offsets == null ? 0 : offsets.size();
  }

  public int pendingTotal() {
    int n = 0;
    for (TreeMap<Long, Boolean> offsets : pending.values()) {
      n += offsets.size();
    }
    return n;
  }

  /** @return partition → next offset to commit, for partitions that advanced since the last commit */
  public Map<TopicPartition, Long> toCommit() {
    Map<TopicPartition, Long> out = new HashMap<>();
    committable.forEach((p, o) -> {
      if (!o.equals(committed.get(p))) {
        out.put(p, o);
      }
    });
    return out;
  }

  /** Records that {@code offset} was committed for {@code partition}. */
  public void committed(TopicPartition partition, long offset) {
    committed.merge(partition, offset, Math::max);
  }

  /** Forgets a partition (revoked): late completions for it are ignored. */
  public void forget(TopicPartition partition) {
    pending.remove(partition);
    committable.remove(partition);
    committed.remove(partition);
  }
}
