package io.chartline.api;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/** Request ids: a caller's {@code X-Request-Id} when well-formed, else a new one; echoed on the response. */
public final class RequestIds {

  static final String HEADER = "X-Request-Id";
  private static final String KEY = "chartline.requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");

  private RequestIds() {
  }

  static void assign(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SAFE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "unknown" : id;
  }
}
