package io.chartline.bedrock.embed;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;

/** Builds a {@link TitanEmbedder} and its parts from {@link TitanEmbedSettings}. */
public final class TitanEmbedders {

  private TitanEmbedders() {
  }

  /**
   * The embedder for a process: one limiter and one breaker, system clock, Vert.x timers. Build
   * one per process and share it between every embed worker, so that the quota is shared too.
   */
  public static TitanEmbedder create(Vertx vertx, TitanEmbedSettings settings, MeterRegistry registry) {
    Clock clock = Clock.systemUTC();
    Timers timers = Timers.on(vertx);
    return new TitanEmbedder(client(settings), settings, limiter(settings, clock, timers), breaker(settings, clock),
        timers, registry);
  }

  /**
   * The Bedrock runtime client: Netty with at most {@code maxConcurrency} connections, no SDK
   * retries (the embedder's own policy retries through its limiter), every call bounded by
   * {@code apiCallTimeout}.
   */
  public static BedrockRuntimeAsyncClient client(TitanEmbedSettings settings) {
    Duration timeout = settings.apiCallTimeout();
    NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
        .maxConcurrency(settings.maxConcurrency())
        .connectionAcquisitionTimeout(timeout)
        .connectionTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5));
    BedrockRuntimeAsyncClientBuilder builder = BedrockRuntimeAsyncClient.builder()
        .region(Region.of(settings.region()))
        .httpClientBuilder(http)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(timeout)
            .apiCallAttemptTimeout(timeout));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    if (settings.accessKey() != null) {
      builder.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    }
    return builder.build();
  }

  /** The process's limiter: the configured quota, concurrency and queue bound. */
  public static FairRateLimiter limiter(TitanEmbedSettings settings, Clock clock, Timers timers) {
    return new FairRateLimiter(settings.quota(), settings.aimd(), settings.maxConcurrency(), settings.maxQueued(),
        clock, timers);
  }

  /** A count-based breaker over the last {@code window} calls, on {@code clock}. */
  public static CircuitBreaker breaker(TitanEmbedSettings settings, Clock clock) {
    TitanEmbedSettings.Breaker b = settings.breaker();
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(b.window())
        .minimumNumberOfCalls(b.minimumCalls())
        .failureRateThreshold(b.failureRatePercent())
        .waitDurationInOpenState(b.openFor())
        .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
        .clock(clock)
        .build();
    return CircuitBreaker.of("bedrock-embed", config);
  }
}
