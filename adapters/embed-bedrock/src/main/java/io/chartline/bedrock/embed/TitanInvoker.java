package io.chartline.bedrock.embed;

import io.chartline.bedrock.embed.FairRateLimiter.Permit;
import io.chartline.bedrock.embed.TitanCodec.Embedded;
import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.chartline.common.tenant.TenantId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * Takes one text (or part of one) through the limiter, the circuit breaker and one InvokeModel
 * call per attempt. Throttled and transient failures are retried up to the configured attempts
 * after a jittered exponential wait, each retry queueing for the limiter again, so retries obey
 * the cut rate and the tenant's fair share; other failures end the text at once.
 */
final class TitanInvoker {

  private static final Logger LOG = LoggerFactory.getLogger(TitanInvoker.class);

  /** One text in progress; {@link #cancel()} stops it at the next step (a call already sent still completes). */
  static final class Attempt {
    private final String lane;
    private final TenantId tenant;
    private final String text;
    private final int cost;
    private final CompletableFuture<Embedded> result = new CompletableFuture<>();
    private volatile CompletableFuture<Permit> waiting;

    private Attempt(String lane, TenantId tenant, String text, int cost) {
      this.lane = lane;
      this.tenant = tenant;
      this.text = text;
      this.cost = cost;
    }

    CompletableFuture<Embedded> result() {
      return result;
    }

    void cancel() {
      result.cancel(false);
      CompletableFuture<Permit> w = waiting;
      if (w != null) {
        w.cancel(false); // the limiter drops a cancelled waiter without charging its tenant
      }
    }
  }

  private final BedrockRuntimeAsyncClient client;
  private final TitanCodec codec;
  private final FairRateLimiter limiter;
  private final CircuitBreaker breaker;
  private final TitanEmbedSettings.Retry retry;
  private final IntervalFunction backoff;
  private final Timers timers;
  private final TitanMetrics metrics;
  private final String modelId;

  TitanInvoker(BedrockRuntimeAsyncClient client, TitanCodec codec, FairRateLimiter limiter, CircuitBreaker breaker,
      TitanEmbedSettings.Retry retry, Timers timers, TitanMetrics metrics, String modelId) {
    this.client = Objects.requireNonNull(client, "client");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.backoff = IntervalFunction.ofExponentialRandomBackoff(retry.baseDelay().toMillis(), 2.0, 0.5,
        retry.maxDelay().toMillis());
    this.timers = Objects.requireNonNull(timers, "timers");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
  }

  /** Starts {@code text} once {@code permit} is granted; the attempt's result completes with its vector or its last failure. */
  Attempt start(String lane, TenantId tenant, String text, int cost, CompletableFuture<Permit> permit) {
    Attempt a = new Attempt(lane, tenant, text, cost);
    run(a, permit, 1);
    return a;
  }

  private void run(Attempt a, CompletableFuture<Permit> permit, int attempt) {
    a.waiting = permit;
    if (a.result.isDone()) {
      permit.cancel(false);
    }
    permit.whenComplete((granted, error) -> {
      if (error != null) {
        Throwable cause = TitanErrors.unwrap(error);
        if (!(cause instanceof CancellationException)) {
          a.result.completeExceptionally(cause);
        }
      } else if (a.result.isDone()) {
        limiter.unused(granted);
      } else {
        send(a, granted, attempt);
      }
    });
  }

  private void send(Attempt a, Permit permit, int attempt) {
    if (!breaker.tryAcquirePermission()) {
      limiter.unused(permit);
      metrics.failed(Kind.CIRCUIT_OPEN, -1);
      a.result.completeExceptionally(new TitanEmbedException(Kind.CIRCUIT_OPEN, a.tenant,
          "the embedding service is failing and its circuit breaker is open: no call was made", null));
      return;
    }
    long started = System.nanoTime();
    CompletableFuture<InvokeModelResponse> call;
    try {
      call = client.invokeModel(codec.request(a.text));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, error) -> settle(a, permit, attempt, System.nanoTime() - started, response, error));
  }

  private void settle(Attempt a, Permit permit, int attempt, long nanos, InvokeModelResponse response, Throwable error) {
    TitanEmbedException failure = null;
    Embedded embedded = null;
    if (error == null) {
      try {
        embedded = codec.decode(response, a.tenant);
      } catch (TitanEmbedException e) {
        failure = e;
      }
    } else {
      failure = TitanErrors.classify(error, a.tenant, modelId);
    }
    if (failure == null) {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      limiter.succeeded(permit, embedded.tokens());
      metrics.succeeded(nanos, embedded.tokens());
      a.result.complete(embedded);
      return;
    }
    Kind kind = failure.kind();
    if (kind.breakerFailure()) {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
    } else {
      breaker.releasePermission(); // throttles and refused input say nothing about the service's health
    }
    metrics.failed(kind, nanos);
    boolean retrying = kind.retried() && attempt < retry.attempts() && !a.result.isDone();
    if (!retrying) {
      // before the permit is released: the caller then cancels its other texts before one of them is admitted
      a.result.completeExceptionally(failure);
    }
    if (kind == Kind.THROTTLED) {
      limiter.throttled(permit);
    } else {
      limiter.failed(permit);
    }
    if (retrying) {
      long delay = backoff.apply(attempt);
      LOG.debug("retrying embedding call [tenant: {}, kind: {}, attempt: {}, in: {} ms]", a.tenant, kind, attempt, delay);
      timers.schedule(Duration.ofMillis(delay), () -> run(a, limiter.acquireRetry(a.lane, a.cost), attempt + 1));
    }
  }
}
