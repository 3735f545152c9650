package io.chartline.api;

import io.chartline.common.error.ErrorCode;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Limits enforced at the HTTP layer, before any route runs: total header size and request line
 * length (by the server's decoder), the number of header lines, and idle connections (slow ones are
 * {@link ClientDeadlineGuard}'s). The server speaks HTTP/1.x only: cleartext HTTP/2 (h2c) would
 * let a client trickle its connection preface before any deadline could start, and TLS, where
 * HTTP/2 is negotiated, ends at the load balancer in front of the API. A request
 * the decoder refuses never reaches the router; {@link #refuseInvalid} answers it with the API's
 * error body (414 URI_TOO_LONG, 431 HEADERS_TOO_LARGE or 400 INVALID_REQUEST) and closes the
 * connection, since what follows on it cannot be trusted to start a new request.
 */
public final class HttpLimits {

  private HttpLimits() {
  }

  /** Server options for {@code config}: bind address, decoder limits, idle timeout, HTTP/1.x only. */
  public static HttpServerOptions serverOptions(ApiConfig config) {
    RequestLimits l = config.limits();
    return new HttpServerOptions().setHost(config.host()).setPort(config.port())
        .setMaxHeaderSize(l.maxHeaderBytes())
        .setMaxInitialLineLength(l.maxRequestLineBytes())
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, l.idleTimeout().toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true);
  }

  /** For {@code HttpServer.invalidRequestHandler}: a stable error body instead of a bare status. */
  public static void refuseInvalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    ErrorCode code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      code = ErrorCode.URI_TOO_LONG;
      message = "request line too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      code = ErrorCode.HEADERS_TOO_LARGE;
      message = "request headers too large";
    } else {
      code = ErrorCode.INVALID_REQUEST;
      message = "malformed request";
    }
    String requestId = UUID.randomUUID().toString();
    SecurityHeaders.apply(request.response()).setStatusCode(code.httpStatus())
        .putHeader("content-type", "application/json")
        .putHeader(RequestIds.HEADER, requestId)
        .putHeader("Connection", "close")
        .end(ApiErrors.body(code, message, requestId).encode())
        .onComplete(ar -> request.connection().close());
  }

  /** @return a handler answering 431 HEADERS_TOO_LARGE when the request has more than {@code max} header lines */
  public static Handler<RoutingContext> headerCount(int max) {
    return ctx -> {
      int lines = 0;
      for (var ignored : ctx.request().headers()) {
        lines++;
      }
      if (lines > max) {
        ctx.response().putHeader("Connection", "close");
        ApiErrors.send(ctx, ErrorCode.HEADERS_TOO_LARGE, "more than " + max + " request headers");
      } else {
        ctx.next();
      }
    };
  }
}
