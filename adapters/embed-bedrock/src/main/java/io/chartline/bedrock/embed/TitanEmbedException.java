package io.chartline.bedrock.embed;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import java.util.Objects;

/**
 * A Titan embedding failure, classified once at the SDK boundary. The {@link Kind} decides whether
 * the call is retried, whether it counts against the circuit breaker, and which stable
 * {@link ErrorCode} the pipeline sees (permanent codes are dead-lettered with this message as the
 * reason). Messages name the failure and the service's error code and request id, never input
 * text or the service's own message, which may quote it.
 */
public final class TitanEmbedException extends ChartlineException {

  /** What went wrong, as far as retrying and the breaker are concerned. */
  public enum Kind {
    /** {@code ThrottlingException}, {@code ModelNotReadyException} or another 429: cut the rate, retry. */
    THROTTLED(ErrorCode.RATE_LIMITED, true, false),
    /** 5xx, a model error or a connection failure: retry with backoff. */
    TRANSIENT(ErrorCode.UNAVAILABLE, true, true),
    /** The call or the model timed out: retry with backoff. */
    TIMEOUT(ErrorCode.TIMEOUT, true, true),
    /** {@code ValidationException}: the model refused this input; retrying cannot help. */
    INPUT_REJECTED(ErrorCode.INVALID_REQUEST, false, false),
    /** The input is larger than the embedder splits (or empty). */
    INPUT_TOO_LARGE(ErrorCode.DOCUMENT_TOO_LARGE, false, false),
    /** {@code AccessDeniedException} or a refused signature: the deployment's credentials or model access are wrong. */
    ACCESS_DENIED(ErrorCode.MODEL_ACCESS_DENIED, false, true),
    /** {@code ResourceNotFoundException}: the configured model id does not exist in the region. */
    MODEL_NOT_FOUND(ErrorCode.MODEL_NOT_FOUND, false, true),
    /** The response was not a Titan embedding of the configured dimension; no vector is made up from it. */
    MALFORMED_RESPONSE(ErrorCode.INTERNAL, false, true),
    /** The circuit breaker is open: no call was made. */
    CIRCUIT_OPEN(ErrorCode.UNAVAILABLE, false, false),
    /** The limiter's waiting queue is full: no call was made. */
    SATURATED(ErrorCode.RATE_LIMITED, false, false);

    private final ErrorCode code;
    private final boolean retried;
    private final boolean breakerFailure;

    Kind(ErrorCode code, boolean retried, boolean breakerFailure) {
      this.code = code;
      this.retried = retried;
      this.breakerFailure = breakerFailure;
    }

    /** @return the stable code callers see. */
    public ErrorCode code() {
      return code;
    }

    /** @return whether the embedder itself retries a call that failed this way. */
    public boolean retried() {
      return retried;
    }

    /** @return whether the failure says the service is unhealthy (counts towards opening the circuit). */
    public boolean breakerFailure() {
      return breakerFailure;
    }
  }

  private final Kind kind;

  public TitanEmbedException(Kind kind, TenantId tenant, String safeMessage, Throwable cause) {
    super(Objects.requireNonNull(kind, "kind").code(), tenant, safeMessage, cause);
    this.kind = kind;
  }

  /** @return the classification of this failure. */
  public Kind kind() {
    return kind;
  }
}
