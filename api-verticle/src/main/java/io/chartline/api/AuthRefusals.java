package io.chartline.api;

import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent.Outcome;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a {@code /v1} request whose authentication failed (no token, or one that failed
 * verification), at a bounded cost per source address. Each such request takes a token from its
 * source's bucket ({@link ClientAddresses} decides the source): while the bucket holds one the
 * answer is 401 UNAUTHENTICATED, beyond it 429 RATE_LIMITED with {@code Retry-After}. Requests with
 * a valid token never touch the bucket, so a caller behind the same address keeps being served.
 * Either way the failure goes to {@link AuthFailureAudit}, which audits the first of each reason per
 * window on its own (the answer then waits for that event, as every audited refusal does) and
 * counts the rest into one aggregated event.
 */
public final class AuthRefusals {

  private static final Logger LOG = LoggerFactory.getLogger(AuthRefusals.class);

  private final ClientAddresses addresses;
  private final RateLimiter limiter;
  private final AuthFailureAudit failures;
  private final Auditor auditor;

  /**
   * @param limiter buckets by source, shared by the process's API instances; null: no limit
   * @param failures this API instance's failure windows
   */
  public AuthRefusals(ClientAddresses addresses, RateLimiter limiter, AuthFailureAudit failures, Auditor auditor) {
    this.addresses = Objects.requireNonNull(addresses, "addresses");
    this.limiter = limiter;
    this.failures = Objects.requireNonNull(failures, "failures");
    this.auditor = Objects.requireNonNull(auditor, "auditor");
  }

  /** Refuses the request for {@code reason} (a verifier refusal code, such as {@code TOKEN_MISSING}). */
  public void refuse(RoutingContext ctx, String reason) {
    String source = addresses.sourceOf(ctx.request());
    Duration wait = limiter == null ? Duration.ZERO : limiter.tryAcquire(source);
    boolean limited = !wait.isZero();
    String audited = limited ? ErrorCode.RATE_LIMITED.name() : reason;
    Future<Void> recorded = failures.record(source, audited)
        ? auditor.record(ctx, AuthFailureAudit.ACTION, "route", RouteNames.of(ctx), Outcome.FAILURE, audited)
        : Future.succeededFuture();
    recorded.onComplete(ar -> {
      if (limited) {
        long seconds = new CallerRateLimits.Refusal("source", wait).retryAfterSeconds();
        LOG.debug("unauthenticated requests limited [request: {}, retry_after_s: {}]", RequestIds.of(ctx), seconds);
        if (!ctx.response().headWritten()) {
          ctx.response().putHeader("Retry-After", Long.toString(seconds));
        }
        ApiErrors.send(ctx, ErrorCode.RATE_LIMITED, "too many unauthenticated requests from this address; retry after "
            + seconds + " s");
      } else {
        if (!ctx.response().headWritten()) {
          ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        ApiErrors.send(ctx, ErrorCode.UNAUTHENTICATED, "invalid or missing bearer token");
      }
    });
  }
}
