package io.chartline.devstack;

/**
 * A KMS error as the service reports it: HTTP 400 with {@code {"__type": type, "message": ...}}.
 * The type is the exception name AWS uses on the wire (the SDK maps it to its exception class, e.g.
 * {@code KMSInvalidStateException} to {@code KmsInvalidStateException}). Messages never contain key
 * material or plaintext.
 */
final class KmsError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  static final String NOT_FOUND = "NotFoundException";
  static final String INVALID_STATE = "KMSInvalidStateException";
  static final String INVALID_CIPHERTEXT = "InvalidCiphertextException";
  static final String INCORRECT_KEY = "IncorrectKeyException";
  static final String VALIDATION = "ValidationException";
  static final String ALREADY_EXISTS = "AlreadyExistsException";
  static final String UNSUPPORTED = "UnsupportedOperationException";
  static final String INVALID_ALIAS_NAME = "InvalidAliasNameException";
  static final String INVALID_KEY_USAGE = "InvalidKeyUsageException";
  static final String UNKNOWN_OPERATION = "UnknownOperationException";
  static final String SERIALIZATION = "SerializationException";
  static final String MISSING_AUTHENTICATION = "MissingAuthenticationTokenException";
  static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
  static final String TAG = "TagException";
  static final String INTERNAL = "KMSInternalException";

  private final String type;

  KmsError(String type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  /** The wire name, the value of {@code __type}. */
  String type() {
    return type;
  }

  static KmsError notFound(String keyId) {
    return new KmsError(NOT_FOUND, "Key '" + keyId + "' does not exist");
  }

  static KmsError validation(String message) {
    return new KmsError(VALIDATION, message);
  }

  /** AWS's wording for a missing required member. */
  static KmsError required(String member) {
    return validation("1 validation error detected: Value null at '" + member
        + "' failed to satisfy constraint: Member must not be null");
  }
}
