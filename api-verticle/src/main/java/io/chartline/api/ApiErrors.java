package io.chartline.api;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes errors as {@code {"error": {"code", "message", "request_id"}}}: stable code, no stack trace, no PHI.
 * Callers pass fixed messages (they may name a limit or the accepted values, never the input), and
 * every error carries the {@link SecurityHeaders}. Does nothing when a response was already begun.
 */
public final class ApiErrors {

  private ApiErrors() {
  }

  public static void send(RoutingContext ctx, ErrorCode code, String safeMessage) {
    if (ctx.response().ended() || ctx.response().headWritten() || ctx.response().closed()) {
      return;
    }
    if (!ctx.request().isEnded()) {
      // a body left unread by a refusal (the request may have been paused for an asynchronous
      // check before its body handler) is let through and dropped, so the connection is not held
      ctx.request().resume();
    }
    SecurityHeaders.apply(ctx.response()).setStatusCode(code.httpStatus()).putHeader("content-type", "application/json")
        .end(body(code, safeMessage, RequestIds.of(ctx)).encode());
  }

  public static void send(RoutingContext ctx, Throwable t) {
    ChartlineException e = ChartlineException.wrap(t, null);
    send(ctx, e.code(), e.getMessage());
  }

  /** The error document itself, for writers outside a routing context. */
  static JsonObject body(ErrorCode code, String safeMessage, String requestId) {
    return new JsonObject().put("error", new JsonObject()
        .put("code", code.name())
        .put("message", safeMessage)
        .put("request_id", requestId));
  }
}
