package io.chartline.devstack.bedrock;

import java.util.Map;

/**
 * What a {@link LocalBedrock} has served since start or the last {@link LocalBedrock#resetStats()}.
 *
 * @param calls            signed requests per operation, whatever their outcome
 * @param succeeded        calls answered with 200 (for ConverseStream: streams that ran to the end)
 * @param throttled        calls refused by a quota with {@code ThrottlingException} (not injected ones)
 * @param faults           injected faults by kind ({@link LocalBedrock#injectNext} and the fault rates)
 * @param rejected         calls refused for their content: validation, unknown model, unknown operation
 * @param inputTokens      input tokens of the calls admitted by the quotas
 * @param outputTokens     output tokens of the Converse and ConverseStream calls admitted
 * @param cancelledStreams ConverseStream responses the client closed before their end
 * @param inFlight         calls received and not yet answered
 * @param maxInFlight      the most calls in flight at once
 */
public record BedrockStats(Map<BedrockOperation, Long> calls, long succeeded, long throttled,
                           Map<BedrockFault, Long> faults, long rejected, long inputTokens, long outputTokens,
                           long cancelledStreams, long inFlight, long maxInFlight) {

  /** Copies the maps, so a snapshot never changes. */
  public BedrockStats {
    calls = Map.copyOf(calls);
    faults = Map.copyOf(faults);
  }

  /** Calls of {@code operation}. */
  public long calls(BedrockOperation operation) {
    return calls.getOrDefault(operation, 0L);
  }

  /** Calls of every operation together. */
  public long totalCalls() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Injected faults of {@code fault}. */
  public long faults(BedrockFault fault) {
    return faults.getOrDefault(fault, 0L);
  }

  /** Injected faults of every kind together. */
  public long totalFaults() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }
}
