package io.chartline.common.store;

/** Document lifecycle: received → parsed → indexed, or failed (with a reason), or deleted. */
public enum DocumentStatus {
  RECEIVED, PARSED, INDEXED, FAILED, DELETED;

  public String db() {
    return name().toLowerCase();
  }

  /** @return whether chunks of the document's current generation may still be stored (parsed, or indexed on redelivery) */
  public boolean acceptsChunks() {
    return this == PARSED || this == INDEXED;
  }

  public static DocumentStatus fromDb(String s) {
    return valueOf(s.toUpperCase());
  }
}
