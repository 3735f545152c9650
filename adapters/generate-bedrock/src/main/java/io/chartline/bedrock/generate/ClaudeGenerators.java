package io.chartline.bedrock.generate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;

/** Builds a {@link ClaudeGenerator} and its parts from {@link ClaudeSettings}. */
public final class ClaudeGenerators {

  private ClaudeGenerators() {
  }

  /** The generator for a process: one client, one breaker. */
  public static ClaudeGenerator create(Vertx vertx, ClaudeSettings settings, MeterRegistry registry) {
    return new ClaudeGenerator(vertx, client(settings), settings, breaker(settings), registry);
  }

  /**
   * The Bedrock runtime client: Netty with at most {@code maxConcurrency} connections, no SDK
   * retries (a query is interactive: a throttle answers at once, with the passages), every call
   * bounded (Converse by its request's timeout, a stream by the generator's own timer).
   */
  public static BedrockRuntimeAsyncClient client(ClaudeSettings settings) {
    Duration connect = settings.answerTimeout().compareTo(Duration.ofSeconds(5)) < 0
        ? settings.answerTimeout() : Duration.ofSeconds(5);
    NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
        .maxConcurrency(settings.maxConcurrency())
        .connectionAcquisitionTimeout(settings.answerTimeout())
        .connectionTimeout(connect);
    BedrockRuntimeAsyncClientBuilder builder = BedrockRuntimeAsyncClient.builder()
        .region(Region.of(settings.region()))
        .httpClientBuilder(http)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    if (settings.accessKey() != null) {
      builder.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    }
    return builder.build();
  }

  /** A count-based breaker over the last {@code window} calls. */
  public static CircuitBreaker breaker(ClaudeSettings settings) {
    ClaudeSettings.Breaker b = settings.breaker();
    return CircuitBreaker.of("bedrock-generate", CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(b.window())
        .minimumNumberOfCalls(b.minimumCalls())
        .failureRateThreshold(b.failureRatePercent())
        .waitDurationInOpenState(b.openFor())
        .automaticTransitionFromOpenToHalfOpenEnabled(true)
        .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
        .build());
  }
}
