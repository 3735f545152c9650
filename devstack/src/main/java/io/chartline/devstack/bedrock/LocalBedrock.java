package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A wire-compatible Amazon Bedrock runtime endpoint in this JVM, for the real AWS SDK v2 clients
 * ({@code BedrockRuntimeAsyncClient} on Netty, {@code BedrockRuntimeClient}) in integration tests,
 * benchmarks and the dev demo. Nothing is stored; everything is gone after {@link #close()}.
 *
 * <p><b>Wire contract.</b> HTTP/1.1 and HTTP/2 over cleartext (the async client speaks HTTP/2) on
 * {@code 127.0.0.1} at a port chosen at start ({@link #endpoint()}); the real REST-JSON paths:
 * <ul>
 *   <li>{@code POST /model/amazon.titan-embed-text-v2:0/invoke}: Titan Text Embeddings V2, one
 *       {@code inputText} per call, {@code dimensions} 256/512/1024, {@code normalize},
 *       {@code embeddingTypes}; answers {@code embedding}, {@code inputTextTokenCount} and
 *       {@code embeddingsByType}. Inputs over 50,000 characters or 8,192 tokens are a
 *       {@code ValidationException}, as in Titan.</li>
 *   <li>{@code POST /model/{claude model or inference profile}/converse} and {@code /converse-stream}:
 *       an extractive answer from the request's document blocks with native citations (see
 *       {@link ExtractiveAnswerer}); the stream uses {@code application/vnd.amazon.eventstream}
 *       framing with Bedrock's event types.</li>
 * </ul>
 * Every request must carry a SigV4 {@code Authorization} header scoped to {@link #region()} and the
 * service {@code bedrock}; signatures are not verified, so any access key works ({@link SigV4Scope}).
 * Errors are answered as Bedrock answers them: the HTTP status, {@code X-Amzn-ErrorType} and
 * {@code {"message": ...}}, so the SDK raises its own exception classes
 * ({@code ThrottlingException}, {@code ValidationException}, {@code ResourceNotFoundException}, ...).
 *
 * <p><b>Embeddings.</b> With {@link LocalBedrockOptions#vectors()} set, the model's vectors are
 * projected to the requested dimension by a fixed seeded map that keeps cosine similarity
 * ({@link SeededProjection}), so retrieval quality is the model's. Without it (the fast mode) they
 * are hashed unit vectors: deterministic, microseconds each, for throughput benchmarks.
 *
 * <p><b>Quotas, latency, faults.</b> Requests and tokens per minute, a per-call latency with jitter,
 * a pause between stream events, and fault rates are set at start and changeable at any time
 * ({@link #setQuota}, {@link #setLatency}, {@link #setStreamInterval}, {@link #setFaults}); single
 * faults can be scripted for the next calls ({@link #injectNext}). All draws come from the seed.
 * {@link #stats()} counts calls, throttles, faults, tokens and cancelled streams.
 *
 * <p>Thread-safe. {@link #start} and {@link #close} block briefly; call them off any event loop.
 */
public final class LocalBedrock implements AutoCloseable {

  /** The Titan Text Embeddings V2 model id this endpoint serves. */
  public static final String TITAN_EMBED_V2 = ModelIds.TITAN_V2;

  private static final Logger LOG = LoggerFactory.getLogger(LocalBedrock.class);
  private static final long START_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final HttpServer server;
  private final URI endpoint;
  private final AtomicReference<LocalBedrockOptions> options;
  private final RateQuota quota;
  private final FaultPlan faults;
  private final Counters counters;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalBedrock(Vertx vertx, HttpServer server, AtomicReference<LocalBedrockOptions> options, RateQuota quota,
      FaultPlan faults, Counters counters) {
    this.vertx = vertx;
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + server.actualPort());
    this.options = options;
    this.quota = quota;
    this.faults = faults;
    this.counters = counters;
  }

  /** Starts an endpoint with {@link LocalBedrockOptions#defaults()} (fast mode, no quotas or faults). */
  public static LocalBedrock start() throws IOException {
    return start(LocalBedrockOptions.defaults());
  }

  /**
   * Starts an endpoint on 127.0.0.1 at a free port and returns once it accepts connections.
   *
   * @throws IOException when no loopback port can be bound
   */
  public static LocalBedrock start(LocalBedrockOptions initial) throws IOException {
    Objects.requireNonNull(initial, "options");
    AtomicReference<LocalBedrockOptions> options = new AtomicReference<>(initial);
    RateQuota quota = new RateQuota(System::nanoTime, initial.requestsPerMinute(), initial.tokensPerMinute(),
        initial.quotaBurst());
    FaultPlan faults = new FaultPlan(initial.seed());
    Counters counters = new Counters();
    TitanVectors vectors = initial.fastVectors() ? new HashedVectors(initial.seed())
        : new ProjectedVectors(initial.vectors(), initial.seed());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.min(2,
        Runtime.getRuntime().availableProcessors())).setWorkerPoolSize(initial.workers()));
    BedrockHandler handler = new BedrockHandler(vertx, new ObjectMapper(), new SigV4Scope(initial.region()),
        options::get, quota, faults, counters, vectors);
    HttpServerOptions serverOptions = new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setTcpNoDelay(true).setHttp2ClearTextEnabled(true).setCompressionSupported(false);
    try {
      HttpServer server = vertx.createHttpServer(serverOptions).requestHandler(handler).listen()
          .toCompletionStage().toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS); // blocking-ok: start is called off event loops
      LocalBedrock bedrock = new LocalBedrock(vertx, server, options, quota, faults, counters);
      LOG.info("bedrock ready [endpoint: {}, region: {}, embeddings: {}]", bedrock.endpoint, initial.region(),
          vectors.mode());
      return bedrock;
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      throw new IOException("LocalBedrock could not listen on 127.0.0.1", e instanceof ExecutionException
          ? e.getCause() : e);
    } catch (InterruptedException e) {
      vertx.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while LocalBedrock was starting", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride}; the port changes on every start. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region clients must sign for. */
  public String region() {
    return options.get().region();
  }

  /** An access key to sign with; any access key is accepted. */
  public String accessKey() {
    return "local-bedrock";
  }

  /** A secret key to sign with; signatures are not verified. */
  public String secretKey() {
    return "local-bedrock-secret";
  }

  /** The options in force now, including changes made since start. */
  public LocalBedrockOptions options() {
    return options.get(); // blocking-ok: AtomicReference read
  }

  /** From now on every call takes at least {@code latency} plus up to {@code jitter}. */
  public void setLatency(Duration latency, Duration jitter) {
    update(o -> o.withLatency(latency, jitter));
  }

  /** From now on ConverseStream pauses {@code interval} between events. */
  public void setStreamInterval(Duration interval) {
    update(o -> o.withStreamInterval(interval));
  }

  /** New quotas per minute (0: no limit), starting with full buckets. */
  public void setQuota(long requestsPerMinute, long tokensPerMinute) {
    LocalBedrockOptions now = update(o -> o.withQuota(requestsPerMinute, tokensPerMinute));
    quota.configure(now.requestsPerMinute(), now.tokensPerMinute(), now.quotaBurst());
  }

  /** New fault rates for the calls from now on. */
  public void setFaults(BedrockFaults rates) {
    update(o -> o.withFaults(rates));
  }

  /**
   * The next {@code times} calls of {@code operation} that pass validation and the quotas fail with
   * {@code fault} (after any injected before), whatever the rates say.
   *
   * @throws IllegalArgumentException for {@link BedrockFault#MID_STREAM_ERROR} on another operation than ConverseStream
   */
  public void injectNext(BedrockOperation operation, BedrockFault fault, int times) {
    faults.script(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(fault, "fault"), times);
  }

  /** Drops the injected faults not yet used. */
  public void clearInjected() {
    faults.clearScripted();
  }

  /** A snapshot of the counters. */
  public BedrockStats stats() {
    return counters.snapshot();
  }

  /** Sets the counters back to zero (calls in flight stay counted as such). */
  public void resetStats() {
    counters.reset();
  }

  /** Stops the server; calls in flight are cut off. Idempotent, never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS); // blocking-ok: shutdown path, off event loops
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("bedrock did not stop cleanly [endpoint: {}]", endpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("bedrock stopped [endpoint: {}]", endpoint);
  }

  private LocalBedrockOptions update(UnaryOperator<LocalBedrockOptions> change) {
    return options.updateAndGet(change);
  }
}
