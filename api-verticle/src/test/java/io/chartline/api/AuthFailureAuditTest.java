package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.AuditEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Repeated authentication failures: the first of each reason per source and window is audited on
 * its own, the rest become one event per source and window whose counts add up, memory stays
 * bounded, and nothing counted is lost at shutdown.
 */
@ExtendWith(VertxExtension.class)
class AuthFailureAuditTest {

  final ManualClock clock = new ManualClock();
  final List<AuditEvent> emitted = new CopyOnWriteArrayList<>();

  AuthFailureAudit audit(Vertx vertx, int maxSources) {
    return new AuthFailureAudit(vertx, e -> {
      emitted.add(e);
      return Future.succeededFuture();
    }, clock, new SourceLimits(10, 100, maxSources, Duration.ofSeconds(60), List.of()));
  }

  /** 300 failures from one source: two audited alone (one per reason), 298 in one aggregated event. */
  @Test
  void aFloodBecomesOneEventPerReasonAndOneAggregate(Vertx vertx) {
    AuthFailureAudit audit = audit(vertx, 100);
    Instant start = clock.instant();
    int alone = 0;
    for (int i = 0; i < 300; i++) {
      clock.advance(Duration.ofMillis(10));
      if (audit.record("203.0.113.7", i < 100 ? "TOKEN_MISSING" : "RATE_LIMITED")) {
        alone++;
      }
    }
    assertThat(alone).isEqualTo(2);
    audit.closeExpired();
    assertThat(emitted).as("window still open").isEmpty();

    clock.advance(Duration.ofSeconds(60));
    audit.closeExpired();

    assertThat(emitted).hasSize(1);
    AuditEvent e = emitted.get(0);
    assertThat(e.action()).isEqualTo("auth.authenticate");
    assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
    assertThat(e.reasonCode()).isEqualTo(AuditEvent.REPEATED_FAILURES);
    assertThat(e.resourceType()).isEqualTo("source");
    assertThat(e.resourceId()).isEqualTo("203.0.113.7");
    assertThat(e.tenantId()).isNull();
    assertThat(e.subject()).isNull();
    assertThat(e.repeats().count()).isEqualTo(298);
    assertThat(e.repeats().reasons()).containsExactlyInAnyOrderEntriesOf(Map.of("RATE_LIMITED", 199, "TOKEN_MISSING", 99));
    assertThat(e.repeats().reasons().keySet()).as("sorted by code").containsExactly("RATE_LIMITED", "TOKEN_MISSING");
    assertThat(e.repeats().firstAt()).isEqualTo(start.plusMillis(20));
    assertThat(e.repeats().lastAt()).isEqualTo(start.plusMillis(3000)).isEqualTo(e.occurredAt());
    assertThat(audit.openWindows()).isZero();
  }

  /** A source with no repeats produces no aggregated event; a new window audits the first failure on its own again. */
  @Test
  void windowsCloseAndReopen(Vertx vertx) {
    AuthFailureAudit audit = audit(vertx, 100);
    assertThat(audit.record("198.51.100.1", "BAD_SIGNATURE")).isTrue();
    clock.advance(Duration.ofSeconds(61));
    audit.closeExpired();
    assertThat(emitted).isEmpty();
    assertThat(audit.record("198.51.100.1", "BAD_SIGNATURE")).isTrue();
    assertThat(audit.record("198.51.100.1", "BAD_SIGNATURE")).isFalse();
    clock.advance(Duration.ofSeconds(61));
    // an expired window is closed by the next failure too, not only by the timer
    assertThat(audit.record("198.51.100.1", "BAD_SIGNATURE")).isTrue();
    assertThat(emitted).singleElement().satisfies(e -> assertThat(e.repeats().count()).isEqualTo(1));
  }

  /** Sources beyond the cap share one window, so memory and rows stay bounded however many addresses send. */
  @Test
  void sourcesBeyondTheCapShareOneWindow(Vertx vertx, VertxTestContext ctx) {
    AuthFailureAudit audit = audit(vertx, 16);
    int alone = 0;
    for (int i = 0; i < 1000; i++) {
      if (audit.record("10.0." + (i / 250) + "." + (i % 250), "TOKEN_MISSING")) {
        alone++;
      }
    }
    assertThat(audit.openWindows()).isEqualTo(17);
    assertThat(alone).isEqualTo(17);
    audit.stop().onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(emitted).singleElement().satisfies(e -> {
        assertThat(e.resourceId()).isEqualTo(AuthFailureAudit.OTHER_SOURCES);
        assertThat(e.repeats().count()).isEqualTo(1000 - 17);
      });
      assertThat(audit.openWindows()).isZero();
      ctx.completeNow();
    })));
  }

  /** Stopping flushes open windows before their time. */
  @Test
  void stopFlushesOpenWindows(Vertx vertx, VertxTestContext ctx) {
    AuthFailureAudit audit = audit(vertx, 100);
    audit.start();
    for (int i = 0; i < 5; i++) {
      audit.record("192.0.2.9", "TOKEN_EXPIRED");
    }
    audit.stop().onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      assertThat(emitted).singleElement().satisfies(e -> {
        assertThat(e.resourceId()).isEqualTo("192.0.2.9");
        assertThat(e.repeats().reasons()).containsExactlyEntriesOf(Map.of("TOKEN_EXPIRED", 4));
      });
      ctx.completeNow();
    })));
  }
}
