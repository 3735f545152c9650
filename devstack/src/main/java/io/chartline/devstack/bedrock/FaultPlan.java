package io.chartline.devstack.bedrock;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which calls fail. Faults scripted with {@link #script} come first, in order, for their
 * operation; after that each call draws from the rates, with the n-th draw a pure function of the
 * seed and n (call faults, mid-stream faults and latency jitter each count their own draws), so a
 * run with the same seed and the same number of calls sees the same faults whatever the timing.
 *
 * <p>Thread-safe.
 */
final class FaultPlan {

  private static final long GOLDEN = 0x9e3779b97f4a7c15L;

  private final long seed;
  private final AtomicLong callDraws = new AtomicLong();
  private final AtomicLong streamDraws = new AtomicLong();
  private final AtomicLong jitterDraws = new AtomicLong();
  private final Map<BedrockOperation, ConcurrentLinkedQueue<BedrockFault>> scripted =
      new EnumMap<>(BedrockOperation.class);

  FaultPlan(long seed) {
    this.seed = seed;
    for (BedrockOperation operation : BedrockOperation.values()) {
      scripted.put(operation, new ConcurrentLinkedQueue<>());
    }
  }

  /** Makes the next {@code times} calls of {@code operation} fail with {@code fault}, after any scripted before. */
  void script(BedrockOperation operation, BedrockFault fault, int times) {
    if (fault == BedrockFault.MID_STREAM_ERROR && operation != BedrockOperation.CONVERSE_STREAM) {
      throw new IllegalArgumentException("MID_STREAM_ERROR applies to CONVERSE_STREAM only");
    }
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative");
    }
    for (int i = 0; i < times; i++) {
      scripted.get(operation).add(fault);
    }
  }

  /** Drops every scripted fault not yet used. */
  void clearScripted() {
    scripted.values().forEach(ConcurrentLinkedQueue::clear);
  }

  /** The fault for the next admitted call of {@code operation}, or null when it succeeds. */
  BedrockFault next(BedrockOperation operation, BedrockFaults rates) {
    BedrockFault script = scripted.get(operation).poll();
    if (script != null) {
      return script;
    }
    double u = unit(1, callDraws.getAndIncrement());
    double edge = rates.serviceUnavailable();
    if (u < edge) {
      return BedrockFault.SERVICE_UNAVAILABLE;
    }
    edge += rates.internalServer();
    if (u < edge) {
      return BedrockFault.INTERNAL_SERVER;
    }
    edge += rates.modelTimeout();
    if (u < edge) {
      return BedrockFault.MODEL_TIMEOUT;
    }
    edge += rates.modelNotReady();
    if (u < edge) {
      return BedrockFault.MODEL_NOT_READY;
    }
    edge += rates.hang();
    if (u < edge) {
      return BedrockFault.HANG;
    }
    if (operation == BedrockOperation.CONVERSE_STREAM && rates.midStream() > 0
        && unit(2, streamDraws.getAndIncrement()) < rates.midStream()) {
      return BedrockFault.MID_STREAM_ERROR;
    }
    return null;
  }

  /** The next uniform number in [0, 1) of the latency jitter sequence. */
  double jitter() {
    return unit(3, jitterDraws.getAndIncrement());
  }

  /** Draw {@code n} of sequence {@code stream}, uniform in [0, 1); each sequence has its own counter. */
  private double unit(int stream, long n) {
    return (HashedVectors.mix(HashedVectors.mix(seed + stream) + n * GOLDEN) >>> 11) * 0x1.0p-53;
  }
}
