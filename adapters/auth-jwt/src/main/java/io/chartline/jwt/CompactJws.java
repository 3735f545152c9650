package io.chartline.jwt;

import io.chartline.common.auth.AuthException;
import io.chartline.common.auth.Refusal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A compact JWS split into its parts, before anything about it is trusted. Parsing checks only the
 * shape: three unpadded base64url parts, a non-empty signature, JSON objects for header and claims.
 */
record CompactJws(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature) {

  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

  /**
   * @throws AuthException {@code TOKEN_MISSING}, {@code TOKEN_TOO_LARGE} or {@code TOKEN_MALFORMED}
   */
  static CompactJws parse(String token, int maxLength) {
    if (token == null || token.isEmpty()) {
      throw new AuthException(Refusal.TOKEN_MISSING);
    }
    if (token.length() > maxLength) {
      throw new AuthException(Refusal.TOKEN_TOO_LARGE);
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw new AuthException(Refusal.TOKEN_MALFORMED);
    }
    for (String part : parts) {
      if (!BASE64URL.matcher(part).matches()) {
        throw new AuthException(Refusal.TOKEN_MALFORMED);
      }
    }
    return new CompactJws(json(parts[0]), json(parts[1]),
        (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), b64(parts[2]));
  }

  /** @return the header parameter {@code name} when it is a string, else null. */
  String headerString(String name) {
    return header.getValue(name) instanceof String s ? s : null;
  }

  private static JsonObject json(String part) {
    try {
      Object parsed = Buffer.buffer(b64(part)).toJsonValue();
      if (parsed instanceof JsonObject o) {
        return o;
      }
    } catch (RuntimeException e) {
      // not JSON: refused below like any other malformed part
    }
    throw new AuthException(Refusal.TOKEN_MALFORMED);
  }

  private static byte[] b64(String part) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new AuthException(Refusal.TOKEN_MALFORMED);
    }
  }
}
