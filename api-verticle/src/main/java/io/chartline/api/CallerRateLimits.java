package io.chartline.api;

import io.chartline.common.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The per-tenant and per-user request limits of one process, keyed by the verified tenant and
 * subject. A request must pass both; a request the tenant limit refuses does not use up the user's
 * token. One instance is shared by every API verticle instance of the process.
 */
public final class CallerRateLimits {

  private final RateLimiter tenants;
  private final RateLimiter users;

  /** @param limits rates and bursts; a rate of 0 turns that limit off */
  public CallerRateLimits(RateLimits limits, Clock clock) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(clock, "clock");
    this.tenants = limits.tenantLimited()
        ? new RateLimiter(limits.tenantPerSecond(), limits.tenantBurst(), limits.maxTrackedKeys(), clock) : null;
    this.users = limits.userLimited()
        ? new RateLimiter(limits.userPerSecond(), limits.userBurst(), limits.maxTrackedKeys(), clock) : null;
  }

  /** A refusal: which limit refused and how long until the caller may try again. */
  public record Refusal(String scope, Duration retryAfter) {

    /** @return whole seconds for {@code Retry-After}, rounded up, at least 1 */
    public long retryAfterSeconds() {
      long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      return Math.max(1, s);
    }
  }

  /** @return null when {@code caller} may proceed (one token taken from each limit), else the refusal */
  public Refusal tryAcquire(Principal caller) {
    String userKey = caller.tenant().value() + "\u0000" + caller.subject();
    if (users != null) {
      Duration wait = users.tryAcquire(userKey);
      if (!wait.isZero()) {
        return new Refusal("user", wait);
      }
    }
    if (tenants != null) {
      Duration wait = tenants.tryAcquire(caller.tenant().value());
      if (!wait.isZero()) {
        if (users != null) {
          users.release(userKey);
        }
        return new Refusal("tenant", wait);
      }
    }
    return null;
  }
}
