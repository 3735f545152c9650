package io.chartline.ingest.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Parse jobs on real Vert.x workers: one tenant's blocked jobs leave the others a worker. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ParseSchedulerTest {

  static final TenantId A = TenantId.of("tenant-a");
  static final TenantId B = TenantId.of("tenant-b");

  private final CountDownLatch release = new CountDownLatch(1);
  private WorkerExecutor pool;

  @AfterEach
  void releaseAndClose() {
    release.countDown();
    if (pool != null) {
      pool.close();
    }
  }

  private ParseScheduler scheduler(Vertx vertx, ParseQueueConfig config) {
    pool = vertx.createSharedWorkerExecutor("parse-test-" + System.nanoTime(), config.workers());
    return new ParseScheduler(pool, config, new SimpleMeterRegistry());
  }

  /** A job that holds its worker until the test releases it. */
  private String blocked(AtomicInteger started) throws InterruptedException {
    started.incrementAndGet();
    release.await(20, TimeUnit.SECONDS);
    return "bomb";
  }

  /**
   * GIVEN two workers, one per tenant at most, and three of A's jobs that never finish on their own
   * THEN B's job runs and completes at once, only one of A's jobs has started, and A's others wait.
   */
  @Test
  void anotherTenantsJobRunsWhileOneTenantsJobsHoldTheirCap(Vertx vertx, VertxTestContext ctx) {
    ParseScheduler scheduler = scheduler(vertx, new ParseQueueConfig(2, 1, 10));
    AtomicInteger startedA = new AtomicInteger();
    List<Future<String>> bombs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      bombs.add(scheduler.submit(A, () -> blocked(startedA)));
    }

    scheduler.submit(B, () -> "note").onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertThat(result).isEqualTo("note");
      assertThat(startedA.get()).isEqualTo(1);
      assertThat(bombs).noneMatch(Future::isComplete);
      assertThat(scheduler.waiting()).isEqualTo(2);
      release.countDown();
      Future.all(bombs).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
        assertThat(startedA.get()).isEqualTo(3);
        assertThat(scheduler.running()).isZero();
        assertThat(scheduler.waiting()).isZero();
        ctx.completeNow();
      })));
    })));
  }

  /** A full queue refuses at once with a transient code, so the record is retried, not failed. */
  @Test
  void aFullQueueRefusesWithATransientCode(Vertx vertx, VertxTestContext ctx) {
    ParseScheduler scheduler = scheduler(vertx, new ParseQueueConfig(1, 1, 1));
    AtomicInteger started = new AtomicInteger();
    Future<String> running = scheduler.submit(A, () -> blocked(started));
    Future<String> waiting = scheduler.submit(B, () -> "waits");

    scheduler.submit(B, () -> "refused").onComplete(ctx.failing(t -> ctx.verify(() -> {
      assertThat(t).isInstanceOf(ChartlineException.class);
      assertThat(((ChartlineException) t).code()).isEqualTo(ErrorCode.UNAVAILABLE);
      assertThat(((ChartlineException) t).permanent()).isFalse();
      assertThat(t).hasMessageNotContaining("tenant-b");
      release.countDown();
      Future.all(running, waiting).onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        assertThat(waiting.result()).isEqualTo("waits");
        ctx.completeNow();
      })));
    })));
  }

  /** A job's failure reaches its caller unchanged, and its worker goes to the next job. */
  @Test
  void aFailingJobFreesItsWorker(Vertx vertx, VertxTestContext ctx) {
    ParseScheduler scheduler = scheduler(vertx, new ParseQueueConfig(1, 1, 10));
    IllegalStateException boom = new IllegalStateException("parser failure");

    Future<String> failed = scheduler.submit(A, () -> {
      throw boom;
    });
    Future<String> next = scheduler.submit(A, () -> "next");

    Future.join(failed, next).onComplete(ar -> ctx.verify(() -> {
      assertThat(failed.cause()).isSameAs(boom);
      assertThat(next.result()).isEqualTo("next");
      assertThat(scheduler.running()).isZero();
      ctx.completeNow();
    }));
  }

  /** Results come back on the submitting context, as a verticle's handler expects. */
  @Test
  void resultsArriveOnTheSubmittersContext(Vertx vertx, VertxTestContext ctx) {
    ParseScheduler scheduler = scheduler(vertx, new ParseQueueConfig(2, 1, 10));
    Context submitter = vertx.getOrCreateContext();
    submitter.runOnContext(v -> scheduler.submit(B, () -> Thread.currentThread().getName())
        .onComplete(ctx.succeeding(worker -> ctx.verify(() -> {
          assertThat(worker).startsWith("parse-test-");
          assertThat(Vertx.currentContext()).isSameAs(submitter);
          ctx.completeNow();
        }))));
  }
}
