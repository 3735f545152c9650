package io.chartline.api;

import io.chartline.common.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Content-Type checks that run before a body is read: a route either names the one media type it
 * accepts, or takes no body at all. Both answer 415 UNSUPPORTED_MEDIA_TYPE, naming only the
 * accepted type, never the one sent.
 */
public final class ContentTypes {

  private ContentTypes() {
  }

  /** @return a handler letting a request through only when its Content-Type's base type is {@code type} */
  public static Handler<RoutingContext> require(String type) {
    return ctx -> {
      if (type.equals(DocumentRoutes.baseType(ctx.request().getHeader("Content-Type")))) {
        ctx.next();
      } else {
        ApiErrors.send(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + type);
      }
    };
  }

  /** @return a handler refusing any request that declares a body (a length above 0, or chunked) */
  public static Handler<RoutingContext> noBody() {
    return ctx -> {
      if (declaresBody(ctx.request())) {
        ApiErrors.send(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "this route takes no request body");
      } else {
        ctx.next();
      }
    };
  }

  static boolean declaresBody(HttpServerRequest request) {
    if (request.getHeader("Transfer-Encoding") != null) {
      return true;
    }
    String length = request.getHeader("Content-Length");
    if (length == null) {
      return false;
    }
    try {
      return Long.parseLong(length.trim()) > 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
