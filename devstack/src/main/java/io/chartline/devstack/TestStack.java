package io.chartline.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one {@link DevStack} of a test JVM: started on first use with {@link DevStackOptions#forTests()}
 * (PostgreSQL, Kafka, S3, KMS; no SQS) and stopped by the stack's shutdown hook when the JVM exits.
 * Tests share it and keep out of each other's way with unique database names, topics, buckets and
 * KMS keys (its counters are shared too: compare before/after rather than resetting them).
 *
 * <p>Never close the returned stack. If it fails to start, this and every later call in the same
 * JVM throw {@link UncheckedIOException} with the same cause, without retrying.
 */
public final class TestStack {

  private static DevStack stack;
  private static UncheckedIOException failure;

  private TestStack() {
  }

  /** The shared stack, started now if this is the first call (blocks until it is ready). */
  public static synchronized DevStack get() {
    if (failure != null) {
      throw failure;
    }
    if (stack == null) {
      try {
        stack = DevStack.start(DevStackOptions.forTests());
      } catch (IOException e) {
        failure = new UncheckedIOException(e.getMessage(), e);
        throw failure;
      }
    }
    return stack;
  }
}
