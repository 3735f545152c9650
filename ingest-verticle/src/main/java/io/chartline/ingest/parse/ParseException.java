package io.chartline.ingest.parse;

import io.chartline.common.error.ErrorCode;
import java.util.Objects;

/**
 * A document that cannot be turned into text. Always permanent: the same bytes fail the same
 * way, so the document is failed with {@link #code()} and never retried.
 *
 * <p>The message names the failure and structural facts (sizes, page counts, the library
 * exception type) but never document content; library exceptions are deliberately not chained
 * as causes because their messages can quote bytes of the file.
 */
public class ParseException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;

  public ParseException(ErrorCode errorCode, String safeMessage) {
    super(safeMessage);
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
  }

  /** @return the stable code, e.g. {@code CORRUPT_DOCUMENT}, {@code ENCRYPTED_DOCUMENT}, {@code PARSE_TIMEOUT}. */
  public String code() {
    return errorCode.name();
  }

  public ErrorCode errorCode() {
    return errorCode;
  }
}
