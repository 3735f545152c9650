package io.chartline.ingest.parse;

import io.chartline.common.error.ErrorCode;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link TypeDetector} found: either a supported {@link DocumentType}, or a rejection with
 * a stable {@link ErrorCode} ({@code UNSUPPORTED_TYPE} or {@code EMPTY_DOCUMENT}) and a short
 * reason from a fixed vocabulary ({@code "png"}, {@code "zip"}, {@code "binary"},
 * {@code "invalid-utf8"}, ...) that never contains document content.
 */
public record DetectionResult(DocumentType type, ErrorCode failure, String reason) {

  public DetectionResult {
    if ((type == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of type and failure must be set");
    }
  }

  static DetectionResult supported(DocumentType type) {
    return new DetectionResult(Objects.requireNonNull(type, "type"), null, type.name().toLowerCase(Locale.ROOT));
  }

  static DetectionResult unsupported(String reason) {
    return new DetectionResult(null, ErrorCode.UNSUPPORTED_TYPE, reason);
  }

  static DetectionResult empty() {
    return new DetectionResult(null, ErrorCode.EMPTY_DOCUMENT, "empty");
  }

  public boolean supported() {
    return type != null;
  }

  /** @return the stable failure code name, or null when the type is supported. */
  public String failureCode() {
    return failure == null ? null : failure.name();
  }

  /**
   * @return the rejection as a {@link ParseException}
   * @throws IllegalStateException when the type is supported
   */
  public ParseException toException() {
    if (supported()) {
      throw new IllegalStateException("a supported type is not a failure");
    }
    return new ParseException(failure, "document type not supported [reason: " + reason + "]");
  }
}
