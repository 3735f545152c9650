package io.chartline.bench;

import java.time.Duration;

/**
 * The model endpoint a Bedrock benchmark runs against (the local Bedrock runtime): its quotas and
 * latency are set per phase, and what it served is read back.
 */
public interface ModelEndpoint {

  /**
   * From now on: at most {@code requestsPerMinute} calls and {@code tokensPerMinute} input tokens
   * (0: no limit), each call taking {@code latency}.
   */
  void configure(long requestsPerMinute, long tokensPerMinute, Duration latency);

  /** Forgets what was served so far. */
  void resetStats();

  /** What was served since the last {@link #resetStats()}. */
  Served served();

  /**
   * @param calls       signed requests, whatever their outcome
   * @param throttled   calls refused by a quota ({@code ThrottlingException})
   * @param failed      calls answered with any other error
   * @param inputTokens input tokens of the admitted calls
   * @param maxInFlight the most calls in flight at once
   */
  record Served(long calls, long throttled, long failed, long inputTokens, long maxInFlight) {
  }
}
