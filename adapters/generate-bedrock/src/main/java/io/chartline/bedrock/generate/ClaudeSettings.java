package io.chartline.bedrock.generate;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link ClaudeGenerator}. Every check throws {@link IllegalArgumentException} with a
 * message naming the environment variable the launcher reads the value from.
 *
 * @param region AWS region of the Bedrock runtime ({@code CHARTLINE_BEDROCK_REGION})
 * @param endpoint endpoint override for a Bedrock-compatible local server, or null for AWS
 *     ({@code CHARTLINE_BEDROCK_ENDPOINT})
 * @param accessKey static access key for a local server, or null for the default credential chain
 *     ({@code CHARTLINE_BEDROCK_ACCESS_KEY}); set together with {@code secretKey}
 * @param secretKey static secret key ({@code CHARTLINE_BEDROCK_SECRET_KEY})
 * @param modelId a Claude model id or, for Claude 4 and later, an inference profile id such as
 *     {@code us.anthropic...} ({@code CHARTLINE_BEDROCK_GENERATE_MODEL_ID})
 * @param maxTokens the longest answer, in output tokens ({@code CHARTLINE_BEDROCK_GENERATE_MAX_TOKENS})
 * @param temperature sampling temperature in [0, 1] ({@code CHARTLINE_BEDROCK_GENERATE_TEMPERATURE})
 * @param guardrailId a Bedrock guardrail applied to every call, or null
 *     ({@code CHARTLINE_BEDROCK_GENERATE_GUARDRAIL_ID})
 * @param guardrailVersion its version, e.g. {@code 1} or {@code DRAFT}
 *     ({@code CHARTLINE_BEDROCK_GENERATE_GUARDRAIL_VERSION})
 * @param answerTimeout bound on one Converse call ({@code CHARTLINE_BEDROCK_GENERATE_TIMEOUT})
 * @param streamTimeout bound on one ConverseStream call, first byte to last
 *     ({@code CHARTLINE_BEDROCK_GENERATE_STREAM_TIMEOUT})
 * @param maxConcurrency calls in flight at once, the connection pool size; more wait for a connection
 *     up to the timeout ({@code CHARTLINE_BEDROCK_GENERATE_MAX_CONCURRENCY})
 * @param breaker when the circuit opens
 */
public record ClaudeSettings(String region, URI endpoint, String accessKey, String secretKey, String modelId,
    int maxTokens, double temperature, String guardrailId, String guardrailVersion, Duration answerTimeout,
    Duration streamTimeout, int maxConcurrency, Breaker breaker) {

  /** Claude Sonnet 4 through the US cross-region inference profile. */
  public static final String DEFAULT_MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0";

  public ClaudeSettings {
    require(region != null && !region.isBlank(), "CHARTLINE_BEDROCK_REGION must be set");
    require(endpoint == null || endpoint.getScheme() != null && endpoint.getHost() != null,
        "CHARTLINE_BEDROCK_ENDPOINT must be an absolute URL such as http://127.0.0.1:4566, was " + endpoint);
    require((accessKey == null) == (secretKey == null),
        "CHARTLINE_BEDROCK_ACCESS_KEY and CHARTLINE_BEDROCK_SECRET_KEY must be set together");
    require(modelId != null && !modelId.isBlank() && modelId.length() <= 2048,
        "CHARTLINE_BEDROCK_GENERATE_MODEL_ID must be set");
    require(maxTokens >= 16 && maxTokens <= 64_000,
        "CHARTLINE_BEDROCK_GENERATE_MAX_TOKENS must be within [16, 64000], was " + maxTokens);
    require(temperature >= 0 && temperature <= 1,
        "CHARTLINE_BEDROCK_GENERATE_TEMPERATURE must be within [0, 1], was " + temperature);
    guardrailId = guardrailId == null || guardrailId.isBlank() ? null : guardrailId.strip();
    guardrailVersion = guardrailVersion == null || guardrailVersion.isBlank() ? null : guardrailVersion.strip();
    require(guardrailId != null || guardrailVersion == null,
        "CHARTLINE_BEDROCK_GENERATE_GUARDRAIL_VERSION goes with CHARTLINE_BEDROCK_GENERATE_GUARDRAIL_ID");
    if (guardrailId != null && guardrailVersion == null) {
      guardrailVersion = "DRAFT";
    }
    require(positiveAtMost(answerTimeout, Duration.ofMinutes(10)),
        "CHARTLINE_BEDROCK_GENERATE_TIMEOUT must be within (0, 10m], was " + answerTimeout);
    require(positiveAtMost(streamTimeout, Duration.ofMinutes(10)),
        "CHARTLINE_BEDROCK_GENERATE_STREAM_TIMEOUT must be within (0, 10m], was " + streamTimeout);
    require(maxConcurrency >= 1 && maxConcurrency <= 1024,
        "CHARTLINE_BEDROCK_GENERATE_MAX_CONCURRENCY must be within [1, 1024], was " + maxConcurrency);
    Objects.requireNonNull(breaker, "breaker");
  }

  /** Defaults for an AWS region: Sonnet 4, 1,024 output tokens, temperature 0, 60 s per call, 32 in flight. */
  public static ClaudeSettings defaults(String region) {
    return new ClaudeSettings(region, null, null, null, DEFAULT_MODEL, 1024, 0.0, null, null, Duration.ofSeconds(60),
        Duration.ofSeconds(120), 32, Breaker.defaults());
  }

  /** @return a copy talking to {@code endpoint} with static credentials (a local Bedrock-compatible server). */
  public ClaudeSettings withEndpoint(URI endpoint, String accessKey, String secretKey) {
    return new ClaudeSettings(region, endpoint, accessKey, secretKey, modelId, maxTokens, temperature, guardrailId,
        guardrailVersion, answerTimeout, streamTimeout, maxConcurrency, breaker);
  }

  /** @return a copy with other timeouts */
  public ClaudeSettings withTimeouts(Duration answer, Duration stream) {
    return new ClaudeSettings(region, endpoint, accessKey, secretKey, modelId, maxTokens, temperature, guardrailId,
        guardrailVersion, answer, stream, maxConcurrency, breaker);
  }

  /** @return a copy with another breaker */
  public ClaudeSettings withBreaker(Breaker b) {
    return new ClaudeSettings(region, endpoint, accessKey, secretKey, modelId, maxTokens, temperature, guardrailId,
        guardrailVersion, answerTimeout, streamTimeout, maxConcurrency, b);
  }

  /**
   * A count-based circuit breaker over the last calls. Throttling, timeouts and server errors count
   * as failures; requests the model refused for their content do not.
   *
   * @param failureRatePercent opens at this failure rate ({@code CHARTLINE_BEDROCK_GENERATE_BREAKER_FAILURE_RATE})
   * @param window calls in the sliding window ({@code CHARTLINE_BEDROCK_GENERATE_BREAKER_WINDOW})
   * @param minimumCalls calls before the rate counts ({@code CHARTLINE_BEDROCK_GENERATE_BREAKER_MIN_CALLS})
   * @param openFor how long it stays open ({@code CHARTLINE_BEDROCK_GENERATE_BREAKER_OPEN})
   * @param halfOpenCalls trial calls when half open ({@code CHARTLINE_BEDROCK_GENERATE_BREAKER_HALF_OPEN_CALLS})
   */
  public record Breaker(int failureRatePercent, int window, int minimumCalls, Duration openFor, int halfOpenCalls) {
    public Breaker {
      require(failureRatePercent >= 1 && failureRatePercent <= 100,
          "CHARTLINE_BEDROCK_GENERATE_BREAKER_FAILURE_RATE must be within [1, 100], was " + failureRatePercent);
      require(window >= 1 && window <= 10_000,
          "CHARTLINE_BEDROCK_GENERATE_BREAKER_WINDOW must be within [1, 10000], was " + window);
      require(minimumCalls >= 1 && minimumCalls <= window,
          "CHARTLINE_BEDROCK_GENERATE_BREAKER_MIN_CALLS must be within [1, window], was " + minimumCalls);
      require(positiveAtMost(openFor, Duration.ofHours(1)),
          "CHARTLINE_BEDROCK_GENERATE_BREAKER_OPEN must be within (0, 1h], was " + openFor);
      require(halfOpenCalls >= 1 && halfOpenCalls <= 100,
          "CHARTLINE_BEDROCK_GENERATE_BREAKER_HALF_OPEN_CALLS must be within [1, 100], was " + halfOpenCalls);
    }

    /** Opens at 50 % failures over 20 calls (at least 10), for 30 s, 3 trial calls. */
    public static Breaker defaults() {
      return new Breaker(50, 20, 10, Duration.ofSeconds(30), 3);
    }
  }

  private static boolean positiveAtMost(Duration d, Duration max) {
    return d != null && !d.isNegative() && !d.isZero() && d.compareTo(max) <= 0;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
