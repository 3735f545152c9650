package io.chartline.api;

import io.chartline.common.audit.AuditSink;
import io.chartline.common.auth.Principal;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.AuditEvent.Outcome;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds audit events from a request and emits them. Resources are named by id only. The returned
 * future succeeds only once the event is durable; PHI responses wait for it. A request made under
 * break-glass has its event committed to the audit log itself before it is streamed, and carries
 * the reason code {@code BREAK_GLASS}.
 */
public final class Auditor {

  private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);

  private final AuditSink sink;
  private final Clock clock;
  private final Function<AuditEvent, Future<Void>> commit;

  public Auditor(AuditSink sink, Clock clock) {
    this(sink, clock, null);
  }

  /** @param commit writes an event to the audit log directly (break-glass requests); null: none */
  public Auditor(AuditSink sink, Clock clock, Function<AuditEvent, Future<Void>> commit) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.commit = commit;
  }

  public Future<Void> record(RoutingContext ctx, String action, String resourceType, String resourceId,
      Outcome outcome, String reasonCode) {
    Principal p = AuthHandler.principal(ctx);
    boolean glass = AuthHandler.underBreakGlass(ctx);
    AuditEvent event = new AuditEvent(UUID.randomUUID(), clock.instant(),
        p == null ? null : p.tenant().value(), p == null ? null : p.subject(), p == null ? List.of() : p.roles(),
        action, resourceType, resourceId, outcome, glass && reasonCode == null ? "BREAK_GLASS" : reasonCode,
        RequestIds.of(ctx), p == null ? null : p.issuer());
    Future<Void> durable = glass
        ? (commit == null ? Future.failedFuture(new IllegalStateException("no audit log writer")) : commit.apply(event))
            .compose(v -> sink.emit(event))
        : sink.emit(event);
    return durable.onFailure(t -> LOG.error("audit emit failed [action: {}, request: {}, error: {}]",
        action, RequestIds.of(ctx), t.getClass().getSimpleName()));
  }
}
