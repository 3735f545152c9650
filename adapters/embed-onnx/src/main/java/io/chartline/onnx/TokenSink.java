package io.chartline.onnx;

/** Receives token ids one by one; returning false stops tokenisation early. */
@FunctionalInterface
interface TokenSink {

  boolean accept(int tokenId);

  /** Counts tokens; never stops. */
  final class Counter implements TokenSink {
    private int count;

    @Override
    public boolean accept(int tokenId) {
      count++;
      return true;
    }

    int count() {
      return count;
    }
  }

  /** Keeps up to {@code capacity} ids and stops at the first id that does not fit. */
  final class Collector implements TokenSink {
    private final int[] ids;
    private int count;
    private boolean overflowed;

    Collector(int capacity) {
      this.ids = new int[capacity];
    }

    @Override
    public boolean accept(int tokenId) {
      if (count == ids.length) {
        overflowed = true;
        return false;
      }
      ids[count++] = tokenId;
      return true;
    }

    int[] ids() {
      return ids;
    }

    int count() {
      return count;
    }

    boolean overflowed() {
      return overflowed;
    }
  }
}
