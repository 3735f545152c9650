package io.chartline.devstack.bedrock;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link LocalBedrock} behaves. Latency, quotas and faults can also be changed while it runs
 * ({@link LocalBedrock#setLatency}, {@link LocalBedrock#setQuota}, {@link LocalBedrock#setFaults}).
 *
 * @param region            the region clients sign for, e.g. {@code us-east-1}
 * @param seed              seeds the projection of real vectors, the hashed vectors, latency jitter
 *                          and fault draws: the same seed gives the same vectors and the same faults
 * @param vectors           the model behind Titan embeddings, projected to the requested dimension;
 *                          null for the fast mode, hashed unit vectors without a model
 * @param latency           the least time from receiving a call to answering it (for ConverseStream,
 *                          to its first event); throttles and validation errors are answered at once
 * @param latencyJitter     up to this much more, drawn per call
 * @param streamInterval    the pause between two ConverseStream events
 * @param requestsPerMinute requests admitted per minute, 0 for no limit
 * @param tokensPerMinute   tokens (input plus output) admitted per minute, 0 for no limit
 * @param quotaBurst        how much of a minute's quota may be used at once after a quiet spell
 * @param faults            rates of injected failures
 * @param maxDocuments      document blocks allowed in one Converse request (Bedrock allows 5)
 * @param workers           threads that compute embeddings and answers off the event loop
 */
public record LocalBedrockOptions(String region, long seed, TextVectors vectors, Duration latency,
                                  Duration latencyJitter, Duration streamInterval, long requestsPerMinute,
                                  long tokensPerMinute, Duration quotaBurst, BedrockFaults faults,
                                  int maxDocuments, int workers) {

  /** The region of {@link #defaults()}, the one the other devstack endpoints use. */
  public static final String DEFAULT_REGION = "us-east-1";
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  /** Fails with {@link IllegalArgumentException} naming the first setting that is out of range. */
  public LocalBedrockOptions {
    Objects.requireNonNull(region, "region");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("not an AWS region name: " + region);
    }
    nonNegative("latency", latency);
    nonNegative("latencyJitter", latencyJitter);
    nonNegative("streamInterval", streamInterval);
    nonNegative("quotaBurst", quotaBurst);
    if (quotaBurst.isZero()) {
      throw new IllegalArgumentException("quotaBurst must be positive");
    }
    if (requestsPerMinute < 0 || tokensPerMinute < 0) {
      throw new IllegalArgumentException("quotas must be 0 (no limit) or positive");
    }
    Objects.requireNonNull(faults, "faults");
    if (maxDocuments < 1) {
      throw new IllegalArgumentException("maxDocuments must be at least 1");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
  }

  /**
   * Fast mode in {@value #DEFAULT_REGION}: hashed vectors, no latency, no quotas, no faults, seed 11,
   * at most 5 documents per Converse request, 2 workers.
   */
  public static LocalBedrockOptions defaults() {
    return new LocalBedrockOptions(DEFAULT_REGION, 11, null, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, 0,
        Duration.ofSeconds(1), BedrockFaults.none(), 5, 2);
  }

  /** True when Titan embeddings come from hashed vectors rather than a model. */
  public boolean fastVectors() {
    return vectors == null;
  }

  /** These options in {@code region}. */
  public LocalBedrockOptions withRegion(String region) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with another seed. */
  public LocalBedrockOptions withSeed(long seed) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with embeddings from {@code vectors} (null: the fast hashed mode). */
  public LocalBedrockOptions withVectors(TextVectors vectors) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with a per-call latency of {@code latency} plus up to {@code jitter}. */
  public LocalBedrockOptions withLatency(Duration latency, Duration jitter) {
    return new LocalBedrockOptions(region, seed, vectors, latency, jitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with {@code interval} between ConverseStream events. */
  public LocalBedrockOptions withStreamInterval(Duration interval) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, interval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with quotas per minute (0: no limit). */
  public LocalBedrockOptions withQuota(long requestsPerMinute, long tokensPerMinute) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with another burst allowance for the quotas. */
  public LocalBedrockOptions withQuotaBurst(Duration burst) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, burst, faults, maxDocuments, workers);
  }

  /** These options with other fault rates. */
  public LocalBedrockOptions withFaults(BedrockFaults faults) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with another document limit for Converse. */
  public LocalBedrockOptions withMaxDocuments(int maxDocuments) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  /** These options with {@code workers} threads for embeddings and answers. */
  public LocalBedrockOptions withWorkers(int workers) {
    return new LocalBedrockOptions(region, seed, vectors, latency, latencyJitter, streamInterval, requestsPerMinute,
        tokensPerMinute, quotaBurst, faults, maxDocuments, workers);
  }

  private static void nonNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }
}
