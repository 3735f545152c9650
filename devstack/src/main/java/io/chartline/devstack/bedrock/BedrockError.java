package io.chartline.devstack.bedrock;

/**
 * An error as Bedrock reports it: an HTTP status, the exception name in the {@code X-Amzn-ErrorType}
 * header and {@code {"message": ...}} as body; inside an event stream, an exception event whose
 * {@code :exception-type} is the lower-camel name. Messages never contain request text.
 */
final class BedrockError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The exception names Bedrock uses on the wire, with their HTTP status. */
  enum Type {
    THROTTLING("ThrottlingException", 429),
    MODEL_NOT_READY("ModelNotReadyException", 429),
    VALIDATION("ValidationException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    MODEL_TIMEOUT("ModelTimeoutException", 408),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503),
    INTERNAL_SERVER("InternalServerException", 500),
    ACCESS_DENIED("AccessDeniedException", 403),
    MODEL_STREAM_ERROR("ModelStreamErrorException", 424),
    MISSING_AUTHENTICATION("MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 403),
    INVALID_SIGNATURE("InvalidSignatureException", 403),
    UNKNOWN_OPERATION("UnknownOperationException", 404);

    private final String wireName;
    private final int status;

    Type(String wireName, int status) {
      this.wireName = wireName;
      this.status = status;
    }

    String wireName() {
      return wireName;
    }

    int status() {
      return status;
    }

    /** The name inside an event stream ({@code throttlingException}). */
    String eventName() {
      return Character.toLowerCase(wireName.charAt(0)) + wireName.substring(1);
    }
  }

  private final Type type;

  BedrockError(Type type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  Type type() {
    return type;
  }

  static BedrockError validation(String message) {
    return new BedrockError(Type.VALIDATION, message);
  }

  /** Titan's wording for a request body that breaks its JSON schema. */
  static BedrockError malformed(String detail) {
    return validation("Malformed input request: " + detail + ", please reformat your input and try again.");
  }

  /** The error an injected fault answers with. */
  static BedrockError of(BedrockFault fault) {
    return switch (fault) {
      case THROTTLING -> new BedrockError(Type.THROTTLING, "Too many requests, please wait before trying again.");
      case MODEL_NOT_READY -> new BedrockError(Type.MODEL_NOT_READY,
          "Model is not ready for inference. Wait and try your request again.");
      case SERVICE_UNAVAILABLE -> new BedrockError(Type.SERVICE_UNAVAILABLE, "Service unavailable. Try again later.");
      case INTERNAL_SERVER, HANG -> new BedrockError(Type.INTERNAL_SERVER,
          "The system encountered an unexpected error during processing. Try your request again.");
      case MODEL_TIMEOUT -> new BedrockError(Type.MODEL_TIMEOUT,
          "Model has timed out in processing the request. Try your request again.");
      case ACCESS_DENIED -> new BedrockError(Type.ACCESS_DENIED,
          "You don't have access to the model with the specified model ID.");
      case MID_STREAM_ERROR -> new BedrockError(Type.MODEL_STREAM_ERROR,
          "The model failed while streaming its response. Try your request again.");
    };
  }
}
