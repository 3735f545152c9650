package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.auth.Principal;
import io.chartline.common.limits.SharedRateLimits;
import io.vertx.core.Future;
import io.chartline.common.tenant.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-tenant and per-user limits together: who is refused, by which limit, and for how long. */
class CallerRateLimitsTest {

  private final ManualClock clock = new ManualClock();

  static Principal caller(String tenant, String subject) {
    return new Principal(new TenantId(tenant), subject, List.of("clinician"));
  }

  @Test
  void aThrottledTenantDoesNotSlowDownAnotherTenant() {
    CallerRateLimits limits = new CallerRateLimits(new RateLimits(1, 5, 0, 1, 100), clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limits.tryAcquire(caller("tenant-a", "u" + i))).isNull();
    }

    CallerRateLimits.Refusal refused = limits.tryAcquire(caller("tenant-a", "someone-else"));

    assertThat(refused.scope()).isEqualTo("tenant");
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(limits.tryAcquire(caller("tenant-b", "u0"))).isNull();
  }

  @Test
  void aThrottledUserDoesNotSlowDownColleaguesOfTheSameTenant() {
    CallerRateLimits limits = new CallerRateLimits(new RateLimits(100, 100, 0.5, 2, 100), clock);
    limits.tryAcquire(caller("tenant-a", "alice"));
    limits.tryAcquire(caller("tenant-a", "alice"));

    CallerRateLimits.Refusal refused = limits.tryAcquire(caller("tenant-a", "alice"));

    assertThat(refused.scope()).isEqualTo("user");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(refused.retryAfterSeconds()).isEqualTo(2);
    assertThat(limits.tryAcquire(caller("tenant-a", "bob"))).isNull();
    // the same subject name in another tenant is another user
    assertThat(limits.tryAcquire(caller("tenant-b", "alice"))).isNull();
  }

  @Test
  void aTenantRefusalDoesNotUseUpTheUsersToken() {
    CallerRateLimits limits = new CallerRateLimits(new RateLimits(1, 1, 1, 1, 100), clock);
    assertThat(limits.tryAcquire(caller("tenant-a", "alice"))).isNull();
    clock.advance(Duration.ofSeconds(1));
    // the tenant's token goes to bob; alice is refused by the tenant limit and keeps her own token
    assertThat(limits.tryAcquire(caller("tenant-a", "bob"))).isNull();
    assertThat(limits.tryAcquire(caller("tenant-a", "alice")).scope()).isEqualTo("tenant");
    clock.advance(Duration.ofSeconds(1));

    assertThat(limits.tryAcquire(caller("tenant-a", "alice"))).isNull();
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    assertThat(new CallerRateLimits.Refusal("user", Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
    assertThat(new CallerRateLimits.Refusal("user", Duration.ofMillis(2001)).retryAfterSeconds()).isEqualTo(3);
    assertThat(new CallerRateLimits.Refusal("user", Duration.ofSeconds(4)).retryAfterSeconds()).isEqualTo(4);
  }

  @Test
  void aRateOfZeroTurnsALimitOff() {
    CallerRateLimits limits = new CallerRateLimits(RateLimits.off(), clock);
    for (int i = 0; i < 10_000; i++) {
      assertThat(limits.tryAcquire(caller("tenant-a", "alice"))).isNull();
    }
  }

  @Test
  void sharedBucketsDecideAndAreKeyedByDigestsNotIdentifiers() {
    List<byte[]> keys = new ArrayList<>();
    SharedRateLimits refusing = (user, userLimit, tenant, tenantLimit) -> {
      keys.add(user);
      keys.add(tenant);
      assertThat(userLimit).isEqualTo(new SharedRateLimits.Limit(2_000_000, 2));
      assertThat(tenantLimit).isEqualTo(new SharedRateLimits.Limit(1_000_000, 5));
      return Future.succeededFuture(new SharedRateLimits.Refusal("tenant", 1_500_000));
    };
    CallerRateLimits limits = new CallerRateLimits(new RateLimits(1, 5, 0.5, 2, 100), clock, refusing);

    CallerRateLimits.Refusal refused = limits.acquire(caller("tenant-a", "u1")).result();

    assertThat(refused.scope()).isEqualTo("tenant");
    assertThat(refused.retryAfterSeconds()).isEqualTo(2);
    assertThat(keys).hasSize(2).allMatch(k -> k.length == 32);
    assertThat(Arrays.equals(keys.get(0), keys.get(1))).isFalse();
    assertThat(new String(keys.get(0), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("tenant-a");
    assertThat(limits.fallbacks()).isZero();
  }

  @Test
  void unreachableSharedBucketsFallBackToThisProcesssOwn() {
    SharedRateLimits down = (user, userLimit, tenant, tenantLimit) -> Future.failedFuture(new IllegalStateException());
    CallerRateLimits limits = new CallerRateLimits(new RateLimits(1, 2, 0, 1, 100), clock, down);

    assertThat(limits.acquire(caller("tenant-a", "u1")).result()).isNull();
    assertThat(limits.acquire(caller("tenant-a", "u1")).result()).isNull();
    assertThat(limits.acquire(caller("tenant-a", "u1")).result().scope()).isEqualTo("tenant");
    assertThat(limits.fallbacks()).isEqualTo(3);
  }
}
