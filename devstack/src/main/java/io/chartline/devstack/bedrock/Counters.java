package io.chartline.devstack.bedrock;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link BedrockStats}. Thread-safe. */
final class Counters {

  private final Map<BedrockOperation, LongAdder> calls = new EnumMap<>(BedrockOperation.class);
  private final Map<BedrockFault, LongAdder> faults = new EnumMap<>(BedrockFault.class);
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final LongAdder cancelledStreams = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong maxInFlight = new AtomicLong();

  Counters() {
    for (BedrockOperation operation : BedrockOperation.values()) {
      calls.put(operation, new LongAdder());
    }
    for (BedrockFault fault : BedrockFault.values()) {
      faults.put(fault, new LongAdder());
    }
  }

  void call(BedrockOperation operation) {
    calls.get(operation).increment();
  }

  void fault(BedrockFault fault) {
    faults.get(fault).increment();
  }

  void succeeded() {
    succeeded.increment();
  }

  void throttled() {
    throttled.increment();
  }

  void rejected() {
    rejected.increment();
  }

  void tokens(long input, long output) {
    inputTokens.add(input);
    outputTokens.add(output);
  }

  void cancelledStream() {
    cancelledStreams.increment();
  }

  void enter() {
    long now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
  }

  void leave() {
    inFlight.decrementAndGet();
  }

  BedrockStats snapshot() {
    Map<BedrockOperation, Long> callCounts = new EnumMap<>(BedrockOperation.class);
    calls.forEach((operation, count) -> callCounts.put(operation, count.sum()));
    Map<BedrockFault, Long> faultCounts = new EnumMap<>(BedrockFault.class);
    faults.forEach((fault, count) -> faultCounts.put(fault, count.sum()));
    return new BedrockStats(callCounts, succeeded.sum(), throttled.sum(), faultCounts, rejected.sum(),
        inputTokens.sum(), outputTokens.sum(), cancelledStreams.sum(), inFlight.get(), maxInFlight.get());
  }

  /** Zeroes every counter except the calls in flight; the maximum restarts from them. */
  void reset() {
    calls.values().forEach(LongAdder::reset);
    faults.values().forEach(LongAdder::reset);
    succeeded.reset();
    throttled.reset();
    rejected.reset();
    inputTokens.reset();
    outputTokens.reset();
    cancelledStreams.reset();
    maxInFlight.set(inFlight.get());
  }
}
