package io.chartline.bedrock.generate;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * A failed Claude call, with a stable code and a fixed message. Bedrock's own messages may quote the
 * request, so the SDK's exception is not kept as the cause: only its class name travels on
 * ({@link #causeType()}), and no log line or error body can carry a passage or a question.
 */
public final class ClaudeException extends ChartlineException {

  /** What went wrong, and whether it counts against the circuit breaker. */
  public enum Kind {
    /** Throttled: a requests or tokens quota was exceeded. */
    THROTTLED(ErrorCode.UNAVAILABLE, "the answer model is throttled", true),
    /** The service or model failed or is not ready; a stream broke. */
    SERVER(ErrorCode.UNAVAILABLE, "the answer model failed", true),
    /** No answer in time. */
    TIMEOUT(ErrorCode.TIMEOUT, "the answer model did not answer in time", true),
    /** The connection failed. */
    CONNECTION(ErrorCode.UNAVAILABLE, "the answer model cannot be reached", true),
    /** The model id names no model or profile in this region. */
    MODEL_NOT_FOUND(ErrorCode.MODEL_NOT_FOUND, "the answer model does not exist in this region", true),
    /** The caller has no access to the model. */
    ACCESS_DENIED(ErrorCode.MODEL_ACCESS_DENIED, "no access to the answer model", true),
    /** Bedrock refused the request for its content (too long, say): not the service's fault. */
    REFUSED(ErrorCode.UNAVAILABLE, "the answer model refused the request", false),
    /** The response could not be read. */
    MALFORMED(ErrorCode.UNAVAILABLE, "the answer model's response could not be read", true),
    /** The circuit is open: no call was made. */
    CIRCUIT_OPEN(ErrorCode.UNAVAILABLE, "the answer model is unavailable (circuit open)", false),
    /** The caller stopped the call. */
    CANCELLED(ErrorCode.UNAVAILABLE, "the answer was cancelled", false),
    /** Anything else. */
    OTHER(ErrorCode.UNAVAILABLE, "the answer model failed", true);

    final ErrorCode code;
    final String message;
    final boolean countsAsFailure;

    Kind(ErrorCode code, String message, boolean countsAsFailure) {
      this.code = code;
      this.message = message;
      this.countsAsFailure = countsAsFailure;
    }
  }

  private final Kind kind;
  private final String causeType;

  private ClaudeException(Kind kind, Throwable cause) {
    super(kind.code, null, kind.message, null);
    this.kind = kind;
    this.causeType = cause == null ? "none" : cause.getClass().getSimpleName();
  }

  public Kind kind() {
    return kind;
  }

  /** @return the simple class name of what failed, for logs */
  public String causeType() {
    return causeType;
  }

  static ClaudeException malformed() {
    return new ClaudeException(Kind.MALFORMED, null);
  }

  static ClaudeException of(Kind kind) {
    return new ClaudeException(kind, null);
  }

  /** @return {@code t} classified; a {@link ClaudeException} stays as it is */
  static ClaudeException classify(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof ClaudeException e) {
      return e;
    }
    return new ClaudeException(kind(c), c);
  }

  private static Kind kind(Throwable c) {
    if (c instanceof ThrottlingException || c instanceof ServiceQuotaExceededException) {
      return Kind.THROTTLED;
    }
    if (c instanceof ModelTimeoutException || c instanceof ApiCallTimeoutException
        || c instanceof ApiCallAttemptTimeoutException) {
      return Kind.TIMEOUT;
    }
    if (c instanceof ModelNotReadyException || c instanceof ServiceUnavailableException
        || c instanceof InternalServerException || c instanceof ModelErrorException
        || c instanceof ModelStreamErrorException) {
      return Kind.SERVER;
    }
    if (c instanceof ResourceNotFoundException) {
      return Kind.MODEL_NOT_FOUND;
    }
    if (c instanceof AccessDeniedException) {
      return Kind.ACCESS_DENIED;
    }
    if (c instanceof ValidationException) {
      return Kind.REFUSED;
    }
    if (c instanceof CallNotPermittedException) {
      return Kind.CIRCUIT_OPEN;
    }
    if (c instanceof CancellationException) {
      return Kind.CANCELLED;
    }
    if (c instanceof SdkClientException || c instanceof java.io.IOException) {
      return Kind.CONNECTION;
    }
    return Kind.OTHER;
  }
}
