package io.chartline.devstack.bedrock;

/**
 * A failure {@link LocalBedrock} can inject into a call, each answered as Bedrock answers it: the HTTP
 * status, the {@code X-Amzn-ErrorType} header and a JSON body with {@code message}, which the SDK
 * turns into the exception class named here.
 */
public enum BedrockFault {
  /** 429 {@code ThrottlingException}, as when a quota is exceeded (without touching the quota). */
  THROTTLING,
  /** 429 {@code ModelNotReadyException}: the model is not ready to serve inference yet. */
  MODEL_NOT_READY,
  /** 503 {@code ServiceUnavailableException}, after the configured latency. */
  SERVICE_UNAVAILABLE,
  /** 500 {@code InternalServerException}, after the configured latency. */
  INTERNAL_SERVER,
  /** 408 {@code ModelTimeoutException}, after the configured latency. */
  MODEL_TIMEOUT,
  /** 403 {@code AccessDeniedException}: no access to the model. */
  ACCESS_DENIED,
  /**
   * No answer at all: the request is held until the client gives up (its {@code apiCallTimeout}) or
   * the endpoint closes, so client-side timeouts can be tested.
   */
  HANG,
  /**
   * ConverseStream only: the stream starts normally and, halfway through its events, ends with a
   * {@code modelStreamErrorException} event, which the SDK delivers as {@code ModelStreamErrorException}
   * to the response handler's {@code exceptionOccurred}. On other operations it is never drawn.
   */
  MID_STREAM_ERROR
}
