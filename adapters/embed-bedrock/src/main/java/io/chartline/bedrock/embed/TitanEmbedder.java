package io.chartline.bedrock.embed;

import io.chartline.bedrock.embed.FairRateLimiter.Permit;
import io.chartline.bedrock.embed.TitanCodec.Embedded;
import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.chartline.common.embed.Embedder;
import io.chartline.common.tenant.TenantId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * {@link Embedder} on Amazon Bedrock Titan Text Embeddings V2: one InvokeModel call per text
 * (Titan has no batch API), {@code normalize: true}, the configured dimension, under the
 * process's {@link FairRateLimiter} and a resilience4j circuit breaker.
 *
 * <p>Texts longer than {@code maxInputChars} are split into parts whose vectors are combined (mean
 * weighted by length, re-normalised); an empty text, or one needing more than
 * {@value InputSplitter#MAX_PARTS} parts, fails permanently without a call. Tokens are estimated
 * before the call at one per four characters (rounded up), which the limiter reconciles with the
 * model's {@code inputTextTokenCount}. Vectors come back in input order. The SDK's own retries
 * are off: {@link TitanInvoker} retries throttled and transient calls through the limiter.
 *
 * <p>A call's future fails with a {@link TitanEmbedException} whose {@link Kind} says what
 * happened, with the first failure among its texts; the others are then abandoned. {@link
 * #saturated()} and {@link #capacity()} let a consumer pause instead of queueing.
 */
public final class TitanEmbedder implements Embedder {

  /** The fairness lane of calls made without a tenant. */
  static final String NO_TENANT = "";

  private final BedrockRuntimeAsyncClient client;
  private final TitanEmbedSettings settings;
  private final FairRateLimiter limiter;
  private final CircuitBreaker breaker;
  private final InputSplitter splitter;
  private final TitanInvoker invoker;
  private final TitanBreakerWatch breakerWatch;
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean clientClosed;

  /**
   * @param client the Bedrock runtime client, owned from now on: {@link #close()} closes it. Its
   *     own retries must be off ({@link TitanEmbedders#client})
   * @param limiter the process's limiter, shared by every caller
   * @param breaker the circuit breaker of this model's calls
   * @param timers where retries and the breaker's half-open probe wait
   */
  public TitanEmbedder(BedrockRuntimeAsyncClient client, TitanEmbedSettings settings, FairRateLimiter limiter,
      CircuitBreaker breaker, Timers timers, MeterRegistry registry) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(timers, "timers");
    TitanMetrics metrics = new TitanMetrics(Objects.requireNonNull(registry, "registry"), settings.modelId(), limiter,
        breaker);
    this.splitter = new InputSplitter(settings.maxInputChars());
    this.invoker = new TitanInvoker(client, new TitanCodec(settings.modelId(), settings.dimensions()), limiter, breaker,
        settings.retry(), timers, metrics, settings.modelId());
    this.breakerWatch = new TitanBreakerWatch(breaker, settings.breaker().openFor(), timers);
  }

  /** Embeds without a tenant: such calls share one fairness lane. */
  @Override
  public Future<List<float[]>> embed(List<String> texts) {
    return embed(null, texts);
  }

  /**
   * Embeds {@code texts} in {@code tenant}'s fair share of the quota.
   *
   * @return a future completing on the caller's Vert.x context (if any) with one unit vector per
   *     text in input order; or failed with {@link IllegalStateException} once closed, or with a
   *     {@link TitanEmbedException}: {@code INPUT_REJECTED} / {@code INPUT_TOO_LARGE} (permanent),
   *     {@code ACCESS_DENIED} / {@code MODEL_NOT_FOUND} (permanent, the deployment is misconfigured),
   *     {@code THROTTLED} / {@code TRANSIENT} / {@code TIMEOUT} after the retries, {@code
   *     MALFORMED_RESPONSE}, {@code CIRCUIT_OPEN}, or {@code SATURATED} when the waiting queue is full
   */
  @Override
  public Future<List<float[]>> embed(TenantId tenant, List<String> texts) {
    Context context = Vertx.currentContext();
    CompletableFuture<List<float[]>> result = start(tenant, texts);
    return context == null ? Future.fromCompletionStage(result) : Future.fromCompletionStage(result, context);
  }

  private CompletableFuture<List<float[]>> start(TenantId tenant, List<String> texts) {
    active.incrementAndGet(); // before the closed check, so close() cannot shut the client under this call
    CompletableFuture<List<float[]>> result;
    try {
      result = begin(tenant, texts);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((v, e) -> finished());
    return result;
  }

  private CompletableFuture<List<float[]>> begin(TenantId tenant, List<String> texts) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the embedder is closed"));
    }
    List<String> input;
    try {
      input = List.copyOf(texts);
    } catch (NullPointerException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("texts must be a list without nulls", e));
    }
    if (input.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<List<String>> partsPerText = new ArrayList<>(input.size());
    List<String> parts = new ArrayList<>();
    for (String text : input) {
      List<String> split = splitter.split(text);
      if (text.isEmpty() || split.size() > InputSplitter.MAX_PARTS) {
        return CompletableFuture.failedFuture(new TitanEmbedException(Kind.INPUT_TOO_LARGE, tenant, text.isEmpty()
            ? "an empty text cannot be embedded"
            : "a text of " + text.length() + " characters is longer than the embedder splits ("
                + InputSplitter.MAX_PARTS + " parts of " + settings.maxInputChars() + ")", null));
      }
      partsPerText.add(split);
      parts.addAll(split);
    }
    int[] costs = parts.stream().mapToInt(TitanEmbedder::estimateTokens).toArray();
    String lane = tenant == null ? NO_TENANT : tenant.value();
    Optional<List<CompletableFuture<Permit>>> permits;
    try {
      permits = limiter.acquireAll(lane, costs);
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (permits.isEmpty()) {
      return CompletableFuture.failedFuture(new TitanEmbedException(Kind.SATURATED, tenant,
          "too many embedding calls are waiting for the model's quota: try again later", null));
    }
    List<TitanInvoker.Attempt> attempts = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      attempts.add(invoker.start(lane, tenant, parts.get(i), costs[i], permits.get().get(i)));
    }
    CompletableFuture<List<float[]>> result = new CompletableFuture<>();
    AtomicInteger remaining = new AtomicInteger(attempts.size());
    for (TitanInvoker.Attempt a : attempts) {
      a.result().whenComplete((embedded, error) -> {
        if (error != null) {
          if (result.completeExceptionally(TitanErrors.unwrap(error))) {
            attempts.forEach(TitanInvoker.Attempt::cancel);
          }
        } else if (remaining.decrementAndGet() == 0) {
          result.complete(combine(partsPerText, attempts));
        }
      });
    }
    return result;
  }

  /** @return the dimension asked of the model. */
  @Override
  public int dimension() {
    return settings.dimensions();
  }

  @Override
  public String modelId() {
    return settings.modelId();
  }

  /**
   * @return whether new work should wait: the limiter's queue is at least half full, or the circuit
   *     is open. A consumer pauses its partitions while this holds.
   */
  @Override
  public boolean saturated() {
    return limiter.saturated() || breaker.getState() == CircuitBreaker.State.OPEN;
  }

  /**
   * @return a future completing (on the caller's context, if any) once {@link #saturated()} no
   *     longer holds: the queue drained to a quarter and the circuit is not open
   */
  public Future<Void> capacity() {
    Context context = Vertx.currentContext();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    awaitCapacity(ready);
    return context == null ? Future.fromCompletionStage(ready) : Future.fromCompletionStage(ready, context);
  }

  /** @return the circuit breaker's state, for readiness: {@code OPEN} means calls are refused. */
  public CircuitBreaker.State circuitState() {
    return breaker.getState();
  }

  /** @return false while the circuit is open: calls are refused without reaching the model. */
  @Override
  public boolean ready() {
    return breaker.getState() != CircuitBreaker.State.OPEN;
  }

  /** @return the limiter this embedder admits calls through. */
  public FairRateLimiter limiter() {
    return limiter;
  }

  /** Refuses new calls; calls under way finish, then the client is closed. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (active.get() == 0) {
      closeClient();
    }
  }

  private void awaitCapacity(CompletableFuture<Void> ready) {
    if (closed) {
      ready.complete(null);
      return;
    }
    breakerWatch.whenNotOpen()
        .thenCompose(v -> limiter.capacity())
        .thenRun(() -> {
          if (saturated()) {
            awaitCapacity(ready);
          } else {
            ready.complete(null);
          }
        });
  }

  private void finished() {
    if (active.decrementAndGet() == 0 && closed) {
      closeClient();
    }
  }

  private synchronized void closeClient() {
    if (!clientClosed) {
      clientClosed = true;
      limiter.close();
      client.close();
    }
  }

  private static List<float[]> combine(List<List<String>> partsPerText, List<TitanInvoker.Attempt> attempts) {
    List<float[]> vectors = new ArrayList<>(partsPerText.size());
    int next = 0;
    for (List<String> parts : partsPerText) {
      List<float[]> partVectors = new ArrayList<>(parts.size());
      for (int p = 0; p < parts.size(); p++) {
        Embedded e = attempts.get(next++).result().join(); // blocking-ok: every attempt has completed
        partVectors.add(e.vector());
      }
      vectors.add(InputSplitter.combine(partVectors, parts));
    }
    return vectors;
  }

  /** One token per four characters, rounded up: about right for English prose, reconciled after the call. */
  static int estimateTokens(String text) {
    return Math.max(1, (text.length() + 3) / 4);
  }
}
