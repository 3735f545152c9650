package io.chartline.common.kafka;

import java.nio.file.Path;

/**
 * Where the deployment's record-authentication keys come from: inline ({@code CHARTLINE_RECORD_KEYS},
 * e.g. injected from a secrets manager) or a file ({@code CHARTLINE_RECORD_KEY_FILE}, created with a
 * fresh key when missing, for single-host and dev deployments). Exactly one is set.
 */
public record RecordKeySettings(String inline, Path file) {

  public RecordKeySettings {
    if (inline != null && file != null) {
      throw new IllegalArgumentException("CHARTLINE_RECORD_KEYS and CHARTLINE_RECORD_KEY_FILE are both set; keep one");
    }
  }

  /**
   * Loads the ring. Blocking (it may read or create the file): call it off the event loop.
   *
   * @throws IllegalStateException when neither setting is given
   */
  public RecordKeys load() {
    if (inline != null) {
      return RecordKeys.parse(inline, "CHARTLINE_RECORD_KEYS");
    }
    if (file != null) {
      return RecordKeys.loadOrCreate(file, "CHARTLINE_RECORD_KEY_FILE");
    }
    throw new IllegalStateException("CHARTLINE_RECORD_KEYS (id:base64key, shared by every process of the deployment) "
        + "or CHARTLINE_RECORD_KEY_FILE must be set: pipeline and audit records carry a proof of origin");
  }

  @Override
  public String toString() {
    return "RecordKeySettings[inline=" + (inline == null ? "unset" : "***") + ", file=" + file + "]";
  }
}
