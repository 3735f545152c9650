package io.chartline.api;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes errors as {@code {"error": {"code", "message", "request_id"}}}: stable code, no stack trace, no PHI. */
public final class ApiErrors {

  private ApiErrors() {
  }

  public static void send(RoutingContext ctx, ErrorCode code, String safeMessage) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    JsonObject body = new JsonObject().put("error", new JsonObject()
        .put("code", code.name())
        .put("message", safeMessage)
        .put("request_id", RequestIds.of(ctx)));
    ctx.response().setStatusCode(code.httpStatus()).putHeader("content-type", "application/json")
        .end(body.encode());
  }

  public static void send(RoutingContext ctx, Throwable t) {
    ChartlineException e = ChartlineException.wrap(t, null);
    send(ctx, e.code(), e.getMessage());
  }
}
