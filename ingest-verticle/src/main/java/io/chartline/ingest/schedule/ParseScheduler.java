package io.chartline.ingest.schedule;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs CPU-bound parse jobs on a bounded worker pool, shared fairly between tenants: waiting jobs
 * are taken in turns across tenants ({@link FairQueue}), and one tenant holds at most
 * {@link ParseQueueConfig#maxWorkersPerTenant()} workers at once, so a backlog of hostile
 * documents from one tenant delays that tenant only. Jobs never run on an event loop.
 *
 * <p>Thread-safe. Metrics: {@code chartline.parse.jobs{state="waiting"|"running"}} and
 * {@code chartline.parse.rejected}; no tenant labels.
 */
public final class ParseScheduler {

  private record Job<T>(Callable<T> work, Promise<T> promise, Context caller) {
  }

  private final WorkerExecutor workers;
  private final int maxRunning;
  private final FairQueue<Job<?>> queue;
  private final Counter rejected;
  private int running;

  /** @param workers a pool of at least {@code config.workers()} threads, used by this scheduler only */
  public ParseScheduler(WorkerExecutor workers, ParseQueueConfig config, MeterRegistry registry) {
    this.workers = Objects.requireNonNull(workers, "workers");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(registry, "registry");
    this.maxRunning = config.workers();
    this.queue = new FairQueue<>(config.capacity(), config.maxWorkersPerTenant());
    Gauge.builder("chartline.parse.jobs", this, ParseScheduler::waiting).tag("state", "waiting")
        .description("Parse jobs by state").register(registry);
    Gauge.builder("chartline.parse.jobs", this, ParseScheduler::running).tag("state", "running")
        .description("Parse jobs by state").register(registry);
    this.rejected = Counter.builder("chartline.parse.rejected").description("Parse jobs refused on a full queue")
        .register(registry);
  }

  /**
   * Queues {@code work} for {@code tenant}.
   *
   * @return a future completed, on the caller's context, with the job's result or its failure once
   *     it has run; failed at once with a transient {@link ErrorCode#UNAVAILABLE} when the queue is
   *     full, so the record is retried later rather than dropped
   */
  public <T> Future<T> submit(TenantId tenant, Callable<T> work) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(work, "work");
    Promise<T> promise = Promise.promise();
    boolean queued;
    synchronized (this) {
      queued = queue.offer(tenant, new Job<>(work, promise, Vertx.currentContext()));
    }
    if (!queued) {
      rejected.increment();
      return Future.failedFuture(new ChartlineException(ErrorCode.UNAVAILABLE, tenant, "the parse queue is full",
          null));
    }
    dispatch();
    return promise.future();
  }

  /** @return jobs waiting for a worker */
  public synchronized int waiting() {
    return queue.waiting();
  }

  /** @return jobs on a worker */
  public synchronized int running() {
    return running;
  }

  /** Starts waiting jobs while workers are free and a waiting tenant is below its cap. */
  private void dispatch() {
    List<FairQueue.Next<Job<?>>> starting = new ArrayList<>();
    synchronized (this) {
      while (running < maxRunning) {
        FairQueue.Next<Job<?>> next = queue.poll();
        if (next == null) {
          break;
        }
        running++;
        starting.add(next);
      }
    }
    for (FairQueue.Next<Job<?>> next : starting) {
      start(next.tenant(), next.job());
    }
  }

  private <T> void start(TenantId tenant, Job<T> job) {
    Future<T> done;
    try {
      done = workers.executeBlocking(job.work(), false);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      synchronized (this) {
        running--;
        queue.done(tenant);
      }
      dispatch();
      deliver(job, ar);
    });
  }

  private static <T> void deliver(Job<T> job, AsyncResult<T> result) {
    if (job.caller() == null || job.caller() == Vertx.currentContext()) {
      job.promise().handle(result);
    } else {
      job.caller().runOnContext(v -> job.promise().handle(result));
    }
  }
}
