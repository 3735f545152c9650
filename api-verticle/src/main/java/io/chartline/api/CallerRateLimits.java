package io.chartline.api;

import io.chartline.common.auth.Principal;
import io.chartline.common.limits.SharedRateLimits;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-tenant and per-user request limits, keyed by the verified tenant and subject. A request
 * must pass both; a request the tenant limit refuses does not use up the user's token. With
 * {@link SharedRateLimits} ({@code CHARTLINE_RATE_LIMIT_SCOPE=cluster}) every api process draws
 * from the same buckets; while they cannot be reached, and with {@code process}, each process keeps
 * its own (one instance is shared by every API verticle instance of the process).
 */
public final class CallerRateLimits {

  private static final Logger LOG = LoggerFactory.getLogger(CallerRateLimits.class);
  /** At most one warning this often while the shared buckets cannot be reached. */
  private static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final RateLimiter tenants;
  private final RateLimiter users;
  private final SharedRateLimits shared;
  private final SharedRateLimits.Limit tenantLimit;
  private final SharedRateLimits.Limit userLimit;
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

  /** @param limits rates and bursts; a rate of 0 turns that limit off */
  public CallerRateLimits(RateLimits limits, Clock clock) {
    this(limits, clock, null);
  }

  /** @param shared the buckets every api process shares; null for this process's own only */
  public CallerRateLimits(RateLimits limits, Clock clock, SharedRateLimits shared) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(clock, "clock");
    this.shared = shared;
    this.tenantLimit = limits.tenantLimited() ? SharedRateLimits.Limit.of(limits.tenantPerSecond(),
        limits.tenantBurst()) : null;
    this.userLimit = limits.userLimited() ? SharedRateLimits.Limit.of(limits.userPerSecond(), limits.userBurst())
        : null;
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

  /**
   * Takes one request for {@code caller} from the shared buckets, or from this process's own when
   * there are none or they cannot be reached (counted in {@link #fallbacks}).
   *
   * @return null when {@code caller} may proceed, else the refusal
   */
  public Future<Refusal> acquire(Principal caller) {
    if (shared == null || (tenantLimit == null && userLimit == null)) {
      return Future.succeededFuture(tryAcquire(caller));
    }
    byte[] user = userLimit == null ? null : digest("u", caller.tenant().value(), caller.subject());
    byte[] tenant = tenantLimit == null ? null : digest("t", caller.tenant().value(), "");
    return shared.take(user, userLimit, tenant, tenantLimit)
        .map(r -> r == null ? null : new Refusal(r.scope(), Duration.ofNanos(r.waitMicros() * 1_000)))
        .recover(t -> {
          fallbacks.incrementAndGet();
          long now = System.nanoTime();
          long last = lastWarning.get(); // blocking-ok: AtomicLong read
          if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("shared rate limits unreachable, limiting per process [error: {}]", t.getClass().getSimpleName());
          }
          return Future.succeededFuture(tryAcquire(caller));
        });
  }

  /** @return how many requests were limited by this process's buckets because the shared ones could not be reached */
  public long fallbacks() {
    return fallbacks.get(); // blocking-ok: AtomicLong read
  }

  private static byte[] digest(String kind, String tenant, String subject) {
    try {
      return MessageDigest.getInstance("SHA-256").digest((kind + "\u0000" + tenant + "\u0000" + subject)
          .getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** @return null when {@code caller} may proceed (one token taken from each of this process's limits), else the refusal */
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
