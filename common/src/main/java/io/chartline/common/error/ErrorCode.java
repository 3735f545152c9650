package io.chartline.common.error;

/**
 * Stable error codes. The code, not the message, is the contract clients and dead-letter
 * consumers rely on. {@link #permanent()} decides up front whether retrying can help.
 */
public enum ErrorCode {
  // HTTP API, request problems (permanent)
  INVALID_REQUEST(400, true),
  INVALID_JSON(400, true),
  UNKNOWN_FIELD(400, true),
  INVALID_PARAMETER(400, true),
  /** A JSON body nests too deeply or carries a string, name or number longer than the API accepts. */
  JSON_LIMIT_EXCEEDED(400, true),
  EMPTY_DOCUMENT(400, true),
  /** A destructive admin action without a usable reason (10 to 500 characters, no control characters). */
  REASON_REQUIRED(400, true),
  /** A destructive admin action whose confirmation does not repeat the id of what it destroys. */
  CONFIRMATION_MISMATCH(400, true),
  UNAUTHENTICATED(401, true),
  FORBIDDEN(403, true),
  /** Break-glass without a usable reason, or with a grant that is not the caller's or was revoked. */
  BREAK_GLASS_DENIED(403, true),
  /** The break-glass grant has expired: open a new one. */
  BREAK_GLASS_EXPIRED(403, true),
  NOT_FOUND(404, true),
  METHOD_NOT_ALLOWED(405, true),
  /**
   * The client sent its request body too slowly or for too long (a minimum transfer rate and a
   * deadline apply); the connection is closed. Transient: a client on a working link can retry.
   */
  REQUEST_TIMEOUT(408, false),
  CONFLICT(409, true),
  PAYLOAD_TOO_LARGE(413, true),
  UNSUPPORTED_MEDIA_TYPE(415, true),
  /** The request line (method, path, query) is longer than the server accepts. */
  URI_TOO_LONG(414, true),
  /** The request headers are larger or more numerous than the server accepts. */
  HEADERS_TOO_LARGE(431, true),
  /**
   * Too many requests for the caller's tenant or user, or too many unauthenticated requests from the
   * caller's address; {@code Retry-After} says when to retry.
   */
  RATE_LIMITED(429, false),
  // Pipeline, document problems (permanent: the document fails, nothing is retried)
  UNSUPPORTED_TYPE(422, true),
  CORRUPT_DOCUMENT(422, true),
  ENCRYPTED_DOCUMENT(422, true),
  NO_EXTRACTABLE_TEXT(422, true),
  PARSE_TIMEOUT(422, true),
  DOCUMENT_TOO_LARGE(422, true),
  /** A document asks for far more parsing work than its size explains (shared or runaway content streams). */
  DOCUMENT_TOO_COMPLEX(422, true),
  OBJECT_NOT_FOUND(422, true),
  TENANT_MISMATCH(422, true, true),
  UNDECODABLE_RECORD(422, true),
  /** A record without a valid proof of origin ({@code chartline-origin}): not written by this deployment. */
  RECORD_NOT_AUTHENTIC(422, true, true),
  /** A chunk batch whose generation is not the one the ingest stage recorded for its document. */
  GENERATION_MISMATCH(422, true, true),
  /** A chunk batch in clear on a deployment that seals chunk text. */
  PLAINTEXT_REFUSED(422, true, true),
  /** An upload event naming a bucket this deployment does not ingest from. */
  BUCKET_NOT_ALLOWED(422, true, true),
  /** An upload event whose object does not match the document's recorded object. */
  OBJECT_MISMATCH(422, true, true),
  /** An {@code ObjectRemoved} event for an object that still exists. */
  OBJECT_STILL_EXISTS(422, true, true),
  SCHEMA_VIOLATION(422, true),
  DECRYPTION_FAILED(422, true),
  TENANT_DELETED(410, true),
  /** An object event names a tenant that is not registered (its key prefix is no active tenant's). */
  TENANT_UNKNOWN(422, true, true),
  /** A queue message is not an S3 event notification Chartline reads (or its event version is not 2.x). */
  UNREADABLE_NOTIFICATION(422, true, true),
  // Deployment problems (permanent: retrying cannot help until the configuration is fixed)
  /** The configured model (or inference profile) id does not exist in the provider's region. */
  MODEL_NOT_FOUND(503, true),
  /** The provider refused this deployment's credentials, or the account has no access to the model. */
  MODEL_ACCESS_DENIED(503, true),
  // Infrastructure (transient: bounded retry with backoff)
  UNAVAILABLE(503, false),
  KEY_UNAVAILABLE(503, false),
  TIMEOUT(504, false),
  INTERNAL(500, false);

  private final int httpStatus;
  private final boolean permanent;
  private final boolean refusesRecord;

  ErrorCode(int httpStatus, boolean permanent) {
    this(httpStatus, permanent, false);
  }

  ErrorCode(int httpStatus, boolean permanent, boolean refusesRecord) {
    this.httpStatus = httpStatus;
    this.permanent = permanent;
    this.refusesRecord = refusesRecord;
  }

  /**
   * @return whether the code refuses a record as untrustworthy or as contradicting what is stored:
   *     nothing the record says is acted on, not even failing the document it names
   */
  public boolean refusesRecord() {
    return refusesRecord;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean permanent() {
    return permanent;
  }
}
