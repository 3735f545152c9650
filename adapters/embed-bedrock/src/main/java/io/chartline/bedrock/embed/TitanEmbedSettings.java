package io.chartline.bedrock.embed;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of {@link TitanEmbedder}. Every check throws {@link IllegalArgumentException} with a
 * message naming the environment variable the launcher reads the value from.
 *
 * @param region AWS region of the Bedrock runtime ({@code CHARTLINE_BEDROCK_REGION})
 * @param endpoint endpoint override for a Bedrock-compatible local server, or null for AWS
 *     ({@code CHARTLINE_BEDROCK_ENDPOINT})
 * @param accessKey static access key for a local server, or null for the default credential chain
 *     ({@code CHARTLINE_BEDROCK_ACCESS_KEY}); set together with {@code secretKey}
 * @param secretKey static secret key ({@code CHARTLINE_BEDROCK_SECRET_KEY})
 * @param modelId Titan Text Embeddings V2 model id ({@code CHARTLINE_BEDROCK_EMBED_MODEL_ID})
 * @param dimensions vector size asked of the model: 256, 512 or 1024 ({@code CHARTLINE_BEDROCK_EMBED_DIMENSIONS})
 * @param quota the account's quota the limiter keeps under
 * @param maxConcurrency calls in flight at once, which is also the connection pool size
 *     ({@code CHARTLINE_BEDROCK_EMBED_MAX_CONCURRENCY})
 * @param maxQueued texts (or parts of texts) waiting for the limiter, all tenants together; more are
 *     refused as a transient failure ({@code CHARTLINE_BEDROCK_EMBED_MAX_QUEUED})
 * @param apiCallTimeout bound on one InvokeModel call ({@code CHARTLINE_BEDROCK_EMBED_API_CALL_TIMEOUT})
 * @param retry retries of throttled and transient calls (the SDK's own retries are off)
 * @param aimd how the allowed rate follows throttles
 * @param breaker when the circuit opens
 * @param maxInputChars longer texts are split into parts embedded separately
 *     ({@code CHARTLINE_BEDROCK_EMBED_MAX_INPUT_CHARS})
 */
public record TitanEmbedSettings(String region, URI endpoint, String accessKey, String secretKey, String modelId,
    int dimensions, Quota quota, int maxConcurrency, int maxQueued, Duration apiCallTimeout, Retry retry, Aimd aimd,
    Breaker breaker, int maxInputChars) {

  /** Titan Text Embeddings V2, the model this adapter speaks to. */
  public static final String TITAN_V2 = "amazon.titan-embed-text-v2:0";
  /** The vector sizes Titan Text Embeddings V2 offers. */
  public static final Set<Integer> DIMENSIONS = Set.of(256, 512, 1024);
  /** Titan V2 refuses longer input. */
  public static final int MODEL_MAX_CHARS = 50_000;

  public TitanEmbedSettings {
    require(region != null && !region.isBlank(), "CHARTLINE_BEDROCK_REGION must be set");
    require(endpoint == null || endpoint.getScheme() != null && endpoint.getHost() != null,
        "CHARTLINE_BEDROCK_ENDPOINT must be an absolute URL such as http://127.0.0.1:4566, was " + endpoint);
    require((accessKey == null) == (secretKey == null),
        "CHARTLINE_BEDROCK_ACCESS_KEY and CHARTLINE_BEDROCK_SECRET_KEY must be set together");
    require(modelId != null && !modelId.isBlank(), "CHARTLINE_BEDROCK_EMBED_MODEL_ID must be set");
    require(DIMENSIONS.contains(dimensions),
        "CHARTLINE_BEDROCK_EMBED_DIMENSIONS must be 256, 512 or 1024, was " + dimensions);
    Objects.requireNonNull(quota, "quota");
    require(maxConcurrency >= 1 && maxConcurrency <= 1024,
        "CHARTLINE_BEDROCK_EMBED_MAX_CONCURRENCY must be within [1, 1024], was " + maxConcurrency);
    require(maxQueued >= maxConcurrency,
        "CHARTLINE_BEDROCK_EMBED_MAX_QUEUED must be at least CHARTLINE_BEDROCK_EMBED_MAX_CONCURRENCY ("
            + maxConcurrency + "), was " + maxQueued);
    require(apiCallTimeout != null && !apiCallTimeout.isNegative() && !apiCallTimeout.isZero()
        && apiCallTimeout.compareTo(Duration.ofMinutes(5)) <= 0,
        "CHARTLINE_BEDROCK_EMBED_API_CALL_TIMEOUT must be within (0, 5m], was " + apiCallTimeout);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(aimd, "aimd");
    Objects.requireNonNull(breaker, "breaker");
    require(maxInputChars >= 1_000 && maxInputChars <= MODEL_MAX_CHARS,
        "CHARTLINE_BEDROCK_EMBED_MAX_INPUT_CHARS must be within [1000, " + MODEL_MAX_CHARS + "], was " + maxInputChars);
  }

  /**
   * Defaults for an AWS region: Titan V2 at 1024 dimensions, the quota below, 32 calls in flight,
   * 1024 queued parts, 10 s per call, texts over 25,000 characters split (at the 3 characters per
   * token of dense clinical text that stays under the model's 8,192 tokens).
   */
  public static TitanEmbedSettings defaults(String region) {
    return new TitanEmbedSettings(region, null, null, null, TITAN_V2, 1024, Quota.defaults(), 32, 1024,
        Duration.ofSeconds(10), Retry.defaults(), Aimd.defaults(), Breaker.defaults(), 25_000);
  }

  /** @return a copy talking to {@code endpoint} with static credentials (a local Bedrock-compatible server). */
  public TitanEmbedSettings withEndpoint(URI endpoint, String accessKey, String secretKey) {
    return new TitanEmbedSettings(region, endpoint, accessKey, secretKey, modelId, dimensions, quota, maxConcurrency,
        maxQueued, apiCallTimeout, retry, aimd, breaker, maxInputChars);
  }

  /**
   * The account's on-demand quota for the model; the limiter never sends more.
   *
   * @param requestsPerMinute {@code CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE}
   * @param tokensPerMinute input tokens, {@code CHARTLINE_BEDROCK_EMBED_TOKENS_PER_MINUTE}
   */
  public record Quota(int requestsPerMinute, int tokensPerMinute) {
    public Quota {
      require(requestsPerMinute >= 1,
          "CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE must be at least 1, was " + requestsPerMinute);
      require(tokensPerMinute >= 1, "CHARTLINE_BEDROCK_EMBED_TOKENS_PER_MINUTE must be at least 1, was " + tokensPerMinute);
    }

    /** 2,000 requests and 300,000 tokens a minute; set both to the account's Service Quotas values. */
    public static Quota defaults() {
      return new Quota(2_000, 300_000);
    }
  }

  /**
   * Bounded, jittered retries of one text.
   *
   * @param attempts calls per text at most, the first included ({@code CHARTLINE_BEDROCK_EMBED_RETRY_ATTEMPTS})
   * @param baseDelay wait before the first retry; doubled per retry, jittered by ±50 %
   *     ({@code CHARTLINE_BEDROCK_EMBED_RETRY_BASE_DELAY})
   * @param maxDelay longest wait between two attempts ({@code CHARTLINE_BEDROCK_EMBED_RETRY_MAX_DELAY})
   */
  public record Retry(int attempts, Duration baseDelay, Duration maxDelay) {
    public Retry {
      require(attempts >= 1 && attempts <= 20, "CHARTLINE_BEDROCK_EMBED_RETRY_ATTEMPTS must be within [1, 20], was " + attempts);
      require(baseDelay != null && !baseDelay.isNegative() && !baseDelay.isZero(),
          "CHARTLINE_BEDROCK_EMBED_RETRY_BASE_DELAY must be positive, was " + baseDelay);
      require(maxDelay != null && maxDelay.compareTo(baseDelay) >= 0,
          "CHARTLINE_BEDROCK_EMBED_RETRY_MAX_DELAY must be at least the base delay (" + baseDelay + "), was " + maxDelay);
    }

    /** 8 attempts, 200 ms doubling up to 5 s: a text rides out about 20 s of throttling. */
    public static Retry defaults() {
      return new Retry(8, Duration.ofMillis(200), Duration.ofSeconds(5));
    }
  }

  /**
   * Additive increase, multiplicative decrease of the allowed rate, as a fraction of the quota.
   *
   * @param decrease factor applied to the allowed rate on a throttle ({@code CHARTLINE_BEDROCK_EMBED_AIMD_DECREASE})
   * @param increasePerMinute fraction of the quota regained per minute of successful calls at the
   *     allowed rate ({@code CHARTLINE_BEDROCK_EMBED_AIMD_INCREASE})
   * @param floor the allowed rate never falls below this fraction of the quota
   *     ({@code CHARTLINE_BEDROCK_EMBED_AIMD_FLOOR})
   */
  public record Aimd(double decrease, double increasePerMinute, double floor) {
    public Aimd {
      require(decrease > 0 && decrease < 1, "CHARTLINE_BEDROCK_EMBED_AIMD_DECREASE must be within (0, 1), was " + decrease);
      require(increasePerMinute > 0 && increasePerMinute <= 10,
          "CHARTLINE_BEDROCK_EMBED_AIMD_INCREASE must be within (0, 10], was " + increasePerMinute);
      require(floor > 0 && floor <= 1, "CHARTLINE_BEDROCK_EMBED_AIMD_FLOOR must be within (0, 1], was " + floor);
    }

    /** Cut to 70 % on a throttle, regain 30 % of the quota per minute, never below 5 %. */
    public static Aimd defaults() {
      return new Aimd(0.7, 0.3, 0.05);
    }
  }

  /**
   * When the circuit breaker opens: over the last {@code window} calls (at least
   * {@code minimumCalls} of them), {@code failureRatePercent} % or more failed.
   *
   * @param failureRatePercent {@code CHARTLINE_BEDROCK_EMBED_BREAKER_FAILURE_RATE}
   * @param window {@code CHARTLINE_BEDROCK_EMBED_BREAKER_WINDOW}
   * @param minimumCalls {@code CHARTLINE_BEDROCK_EMBED_BREAKER_MIN_CALLS}
   * @param openFor how long it stays open before letting probe calls through
   *     ({@code CHARTLINE_BEDROCK_EMBED_BREAKER_OPEN})
   * @param halfOpenCalls probe calls that decide whether it closes again
   *     ({@code CHARTLINE_BEDROCK_EMBED_BREAKER_HALF_OPEN_CALLS})
   */
  public record Breaker(int failureRatePercent, int window, int minimumCalls, Duration openFor, int halfOpenCalls) {
    public Breaker {
      require(failureRatePercent >= 1 && failureRatePercent <= 100,
          "CHARTLINE_BEDROCK_EMBED_BREAKER_FAILURE_RATE must be within [1, 100], was " + failureRatePercent);
      require(window >= 1, "CHARTLINE_BEDROCK_EMBED_BREAKER_WINDOW must be at least 1, was " + window);
      require(minimumCalls >= 1 && minimumCalls <= window,
          "CHARTLINE_BEDROCK_EMBED_BREAKER_MIN_CALLS must be within [1, CHARTLINE_BEDROCK_EMBED_BREAKER_WINDOW ("
              + window + ")], was " + minimumCalls);
      require(openFor != null && !openFor.isNegative() && !openFor.isZero(),
          "CHARTLINE_BEDROCK_EMBED_BREAKER_OPEN must be positive, was " + openFor);
      require(halfOpenCalls >= 1, "CHARTLINE_BEDROCK_EMBED_BREAKER_HALF_OPEN_CALLS must be at least 1, was " + halfOpenCalls);
    }

    /** Open when half of the last 20 calls (at least 10) failed; probe after 30 s with 3 calls. */
    public static Breaker defaults() {
      return new Breaker(50, 20, 10, Duration.ofSeconds(30), 3);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
