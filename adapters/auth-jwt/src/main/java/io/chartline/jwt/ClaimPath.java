package io.chartline.jwt;

import io.vertx.core.json.JsonObject;

/**
 * Finds a configured claim in a token's claims. The exact name is tried first, so names that
 * contain dots, colons or slashes work as they are ({@code cognito:groups},
 * {@code https://example.com/roles}); otherwise the name is read as a dotted path through nested
 * objects ({@code realm_access.roles}), where each segment may itself contain dots
 * ({@code resource_access.my.client.roles} finds the client {@code my.client}).
 */
final class ClaimPath {

  private ClaimPath() {
  }

  /** @return the claim's value, or null when no reading of {@code name} finds one. */
  static Object resolve(JsonObject claims, String name) {
    Object exact = claims.getValue(name);
    if (exact != null) {
      return exact;
    }
    for (int dot = name.indexOf('.'); dot > 0 && dot < name.length() - 1; dot = name.indexOf('.', dot + 1)) {
      if (claims.getValue(name.substring(0, dot)) instanceof JsonObject nested) {
        Object found = resolve(nested, name.substring(dot + 1));
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
