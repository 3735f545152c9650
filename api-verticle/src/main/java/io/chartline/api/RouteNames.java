package io.chartline.api;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * A request's route as a template ({@code "GET /v1/documents/:param"}) for audit events and logs:
 * only known literal path segments and standard methods survive, so nothing a caller put in the
 * path (an id, a name, a pasted note) is ever written out.
 */
final class RouteNames {

  private static final Set<String> LITERALS = Set.of("v1", "documents", "search", "query", "admin", "tenants", "keys",
      "rotate", "rotations", "health", "ready", "metrics");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private static final int MAX_SEGMENTS = 8;

  private RouteNames() {
  }

  static String of(RoutingContext ctx) {
    String method = ctx.request().method().name();
    StringBuilder sb = new StringBuilder(METHODS.contains(method) ? method : "OTHER").append(' ');
    String path = ctx.normalizedPath();
    String[] segments = path == null ? new String[0] : path.split("/");
    int written = 0;
    for (String s : segments) {
      if (s.isEmpty()) {
        continue;
      }
      if (written++ == MAX_SEGMENTS) {
        sb.append("/...");
        break;
      }
      sb.append('/').append(LITERALS.contains(s) ? s : ":param");
    }
    if (written == 0) {
      sb.append('/');
    }
    return sb.toString();
  }
}
