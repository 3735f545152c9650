package io.chartline.common.store;

/** Document lifecycle: received → parsed → indexed, or failed (with a reason), or deleted. */
public enum DocumentStatus {
  RECEIVED, PARSED, INDEXED, FAILED, DELETED;

  public String db() {
    return name().toLowerCase();
  }

  public static DocumentStatus fromDb(String s) {
    return valueOf(s.toUpperCase());
  }
}
