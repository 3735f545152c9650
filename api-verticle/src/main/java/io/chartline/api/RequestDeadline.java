package io.chartline.api;

import io.chartline.common.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 504 TIMEOUT for a request whose route has not begun its response within the configured
 * time, so a stuck dependency costs a client a bounded wait and a stable error instead of a hung
 * connection. The timer is cancelled when the response ends. The route's work is not cancelled: a
 * write it began (an upload, a key rotation) may still complete, and a later read shows its state.
 *
 * <p>Place it after the body handler, so the time counts the route's work, not the client's upload.
 * vertx-web's {@code TimeoutHandler} answers with a bare status; this one writes the API's error body.
 */
public final class RequestDeadline implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

  private final long timeoutMs;

  public RequestDeadline(Duration timeout) {
    this.timeoutMs = timeout.toMillis();
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("request timeout must be at least 1 ms");
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(timeoutMs, id -> expire(ctx));
    ctx.addEndHandler(ar -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  private void expire(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().headWritten() || ctx.response().closed()) {
      return;
    }
    LOG.warn("request timed out [request: {}, route: {}, after_ms: {}]", RequestIds.of(ctx), RouteNames.of(ctx),
        timeoutMs);
    ApiErrors.send(ctx, ErrorCode.TIMEOUT, "the request did not complete in time; try again");
  }
}
