package io.chartline.ingest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Turns across tenants (least recently served first), a cap on each tenant's running jobs, and a bound on waiting jobs. */
class FairQueueTest {

  static final TenantId A = TenantId.of("tenant-a");
  static final TenantId B = TenantId.of("tenant-b");
  static final TenantId C = TenantId.of("tenant-c");

  /** Polls until nothing can run, marking every job done at once (so no cap applies). */
  static List<String> drain(FairQueue<String> queue) {
    List<String> order = new ArrayList<>();
    for (FairQueue.Next<String> next = queue.poll(); next != null; next = queue.poll()) {
      order.add(next.job());
      queue.done(next.tenant());
    }
    return order;
  }

  @Test
  void tenantsTakeTurnsWhateverTheirBacklog() {
    FairQueue<String> queue = new FairQueue<>(100, 1);
    for (String job : List.of("a1", "a2", "a3", "a4")) {
      queue.offer(A, job);
    }
    queue.offer(B, "b1");
    queue.offer(C, "c1");
    queue.offer(C, "c2");

    assertThat(drain(queue)).containsExactly("a1", "b1", "c1", "a2", "c2", "a3", "a4");
  }

  @Test
  void aNewcomerIsServedNextEvenBehindALongBacklog() {
    FairQueue<String> queue = new FairQueue<>(100, 8);
    for (int i = 0; i < 50; i++) {
      queue.offer(A, "bomb-" + i);
    }
    assertThat(queue.poll().job()).isEqualTo("bomb-0");

    queue.offer(B, "note");

    assertThat(queue.poll().job()).isEqualTo("note");
  }

  @Test
  void aTenantAtItsCapWaitsWhileOthersRun() {
    FairQueue<String> queue = new FairQueue<>(100, 1);
    queue.offer(A, "a1");
    queue.offer(A, "a2");
    queue.offer(B, "b1");

    FairQueue.Next<String> first = queue.poll();
    FairQueue.Next<String> second = queue.poll();
    FairQueue.Next<String> third = queue.poll();

    assertThat(first.job()).isEqualTo("a1");
    assertThat(second.job()).isEqualTo("b1");
    assertThat(third).as("A runs a1 and may run no more").isNull();
    assertThat(queue.running(A)).isEqualTo(1);
    assertThat(queue.waiting()).isEqualTo(1);

    queue.done(A);

    assertThat(queue.poll().job()).isEqualTo("a2");
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void offersBeyondTheCapacityAreRefusedAndNothingIsLost() {
    FairQueue<String> queue = new FairQueue<>(3, 2);

    assertThat(queue.offer(A, "a1")).isTrue();
    assertThat(queue.offer(A, "a2")).isTrue();
    assertThat(queue.offer(B, "b1")).isTrue();
    assertThat(queue.offer(B, "b2")).isFalse();
    assertThat(queue.waiting()).isEqualTo(3);

    assertThat(queue.poll().job()).isEqualTo("a1");
    assertThat(queue.offer(B, "b2")).as("room again once a job is handed out").isTrue();
    assertThat(drain(queue)).containsExactly("b1", "a2", "b2");
  }

  @Test
  void anEmptyQueueHandsOutNothing() {
    FairQueue<String> queue = new FairQueue<>(1, 1);

    assertThat(queue.poll()).isNull();
    queue.done(A); // a stray done is harmless
    assertThat(queue.running(A)).isZero();
  }
}
