package io.chartline.bedrock.embed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Waiting work, one FIFO lane per tenant, served by deficit round robin over a cost (estimated
 * tokens): each lane gets {@code quantum} of credit per turn and is served while its credit covers
 * the cost of its oldest item, so every tenant with waiting work gets the same share of tokens
 * whatever the size of its backlog. A newcomer's lane joins the end of the round and is reached
 * after at most one turn of each other lane. Items that {@code stale} rejects (cancelled) are
 * dropped without charge. Not thread-safe; {@link FairRateLimiter} guards it.
 *
 * @param <T> the waiting item
 */
final class FairQueue<T> {

  private record Entry<T>(T item, int cost) {
  }

  private static final class Lane<T> {
    final String key;
    final ArrayDeque<Entry<T>> items = new ArrayDeque<>();
    long deficit;
    boolean inTurn;

    Lane(String key) {
      this.key = key;
    }
  }

  private final int quantum;
  private final Predicate<T> stale;
  private final Map<String, Lane<T>> lanes = new HashMap<>();
  private final ArrayDeque<Lane<T>> round = new ArrayDeque<>();
  private int size;

  FairQueue(int quantum, Predicate<T> stale) {
    if (quantum < 1) {
      throw new IllegalArgumentException("quantum must be at least 1, was " + quantum);
    }
    this.quantum = quantum;
    this.stale = stale;
  }

  void add(String lane, T item, int cost) {
    Lane<T> l = lanes.computeIfAbsent(lane, k -> {
      Lane<T> fresh = new Lane<>(k);
      round.addLast(fresh);
      return fresh;
    });
    l.items.addLast(new Entry<>(item, Math.max(1, cost)));
    size++;
  }

  /** @return the item to serve next, or null when nothing waits; {@link #poll()} then takes that same item. */
  T peek() {
    while (true) {
      Lane<T> lane = round.peekFirst();
      if (lane == null) {
        return null;
      }
      Entry<T> head = lane.items.peekFirst();
      if (stale.test(head.item())) {
        lane.items.pollFirst();
        size--;
        retireIfEmpty(lane);
        continue;
      }
      if (!lane.inTurn) {
        lane.inTurn = true;
        lane.deficit += quantum;
      }
      if (lane.deficit >= head.cost()) {
        return head.item();
      }
      lane.inTurn = false;
      round.addLast(round.pollFirst());
    }
  }

  /** @return the cost of the item {@link #peek()} returns. Call only after a non-null peek. */
  int peekCost() {
    return round.peekFirst().items.peekFirst().cost();
  }

  /** Takes the item {@link #peek()} returned, charging its lane. */
  T poll() {
    if (peek() == null) {
      return null;
    }
    Lane<T> lane = round.peekFirst();
    Entry<T> head = lane.items.pollFirst();
    size--;
    lane.deficit -= head.cost();
    retireIfEmpty(lane);
    return head.item();
  }

  /** @return items waiting, stale ones not yet dropped included. */
  int size() {
    return size;
  }

  /** Removes and returns every waiting item, in no particular order. */
  List<T> drainAll() {
    List<T> all = new ArrayList<>(size);
    for (Lane<T> lane : round) {
      for (Entry<T> e : lane.items) {
        all.add(e.item());
      }
    }
    round.clear();
    lanes.clear();
    size = 0;
    return all;
  }

  private void retireIfEmpty(Lane<T> lane) {
    if (lane.items.isEmpty()) {
      round.remove(lane);
      lanes.remove(lane.key);
    }
  }
}
