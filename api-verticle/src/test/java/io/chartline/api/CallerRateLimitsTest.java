package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.auth.Principal;
import io.chartline.common.tenant.TenantId;
import java.time.Duration;
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
}
