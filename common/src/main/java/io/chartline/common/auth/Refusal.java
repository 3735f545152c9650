package io.chartline.common.auth;

/**
 * Why a bearer token was refused: the stable reason codes written to the audit log. The caller
 * only ever sees {@code UNAUTHENTICATED}; the reason stays server-side so probing learns little.
 */
public enum Refusal {
  /** No {@code Authorization: Bearer} token at all. */
  TOKEN_MISSING,
  /** Longer than the policy's maximum (8 KB by default). */
  TOKEN_TOO_LARGE,
  /** Not three base64url parts, an empty signature, or a header/claims part that is not a JSON object. */
  TOKEN_MALFORMED,
  /** {@code alg} missing or outside the allow-list ({@code none} and HMAC are never allowed). */
  ALG_NOT_ALLOWED,
  /** JOSE header {@code typ} present and not an access-token type ({@code JWT}, {@code at+jwt}). */
  TOKEN_TYPE_NOT_ALLOWED,
  /** A {@code crit} header: no JWS extension is understood, so RFC 7515 requires refusal. */
  CRIT_UNSUPPORTED,
  /** No verification key with the token's {@code kid}, even after the allowed refresh. */
  UNKNOWN_KEY,
  /** The key's JWKS entry names another {@code alg} than the token uses. */
  ALG_KEY_MISMATCH,
  /** The signature does not verify (tampered token, wrong key, wrong key type). */
  BAD_SIGNATURE,
  /** No numeric {@code exp}: tokens that never expire are not accepted. */
  EXP_MISSING,
  TOKEN_EXPIRED,
  /** {@code nbf} later than now plus leeway. */
  TOKEN_NOT_YET_VALID,
  /** {@code iat} later than now plus leeway. */
  TOKEN_ISSUED_IN_FUTURE,
  /** No numeric {@code iat} while a lifetime or age limit is on: neither could be checked. */
  IAT_MISSING,
  /** {@code exp - iat} longer than the policy's maximum lifetime (12 h by default). */
  TOKEN_LIFETIME_TOO_LONG,
  /** Issued longer ago than the policy's maximum age (24 h by default, plus leeway), whatever {@code exp} says. */
  TOKEN_TOO_OLD,
  WRONG_ISSUER,
  /** The audience claim is missing or does not contain the configured audience. */
  WRONG_AUDIENCE,
  /** An ID token (or refresh token) marked as such by its claims: only access tokens are accepted. */
  NOT_ACCESS_TOKEN,
  /** The tenant claim is missing, not a string, or not a well-formed tenant id. */
  TENANT_CLAIM_INVALID,
  SUBJECT_MISSING,
  /** The subject claim holds control characters or unpaired surrogates: it could not be stored as sent. */
  SUBJECT_INVALID,
  /** The patient claim is present but not a string holding a well-formed patient id. */
  PATIENT_CLAIM_INVALID
}
