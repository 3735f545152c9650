package io.chartline.common.auth;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;

/**
 * A token was refused. {@link #reason()} is a stable sub-code for the audit log (see
 * {@link Refusal}); it is never echoed in detail to the caller, so probing learns little.
 */
public final class AuthException extends ChartlineException {

  private final String reason;

  public AuthException(Refusal refusal) {
    this(refusal.name());
  }

  public AuthException(String reason) {
    super(ErrorCode.UNAUTHENTICATED, "invalid or missing bearer token");
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
