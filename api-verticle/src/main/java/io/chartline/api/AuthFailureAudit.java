package io.chartline.api;

import io.chartline.common.audit.AuditSink;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.events.AuditEvent.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps authentication failures from one source from writing one audit row each. Per source and
 * window, the first failure of each reason code is audited on its own (with its request id and
 * route); every later one is only counted, and when the window closes one event (action
 * {@code auth.authenticate}, reason {@link AuditEvent#REPEATED_FAILURES}, resource the source) records
 * how many there were, when the first and last happened and how many of each reason. A flood from
 * one address thus costs at most one row per reason code plus one per window.
 *
 * <p>Memory is bounded: at most {@code maxSources} windows are open; failures from further sources
 * share one window whose source is {@link #OTHER_SOURCES}. Windows are closed by a timer and all
 * at once by {@link #stop}. One instance per API verticle: it is confined to that verticle's event
 * loop, so with N API instances a source yields at most N aggregated events per window.
 */
public final class AuthFailureAudit {

  /** The source of the shared window used once {@code maxSources} windows are open. */
  public static final String OTHER_SOURCES = "*";
  static final String ACTION = "auth.authenticate";
  private static final Logger LOG = LoggerFactory.getLogger(AuthFailureAudit.class);

  private final Vertx vertx;
  private final AuditSink sink;
  private final Clock clock;
  private final Duration window;
  private final int maxSources;
  private final Map<String, Window> windows = new HashMap<>();
  private long timer = -1;

  /** Failures of one source in one window. */
  private static final class Window {
    final Instant opened;
    final Set<String> auditedReasons = new HashSet<>();
    final Map<String, Integer> repeated = new TreeMap<>();
    int count;
    Instant firstRepeat;
    Instant lastRepeat;

    Window(Instant opened) {
      this.opened = opened;
    }
  }

  /** @param limits the window length and the most sources tracked */
  public AuthFailureAudit(Vertx vertx, AuditSink sink, Clock clock, SourceLimits limits) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(limits, "limits").auditWindow();
    this.maxSources = limits.maxSources();
  }

  /** Starts closing windows as they expire, on the calling verticle's context; always succeeds. */
  public Future<Void> start() {
    long tick = Math.max(50, Math.min(1000, window.toMillis() / 4));
    timer = vertx.setPeriodic(tick, id -> closeExpired());
    return Future.succeededFuture();
  }

  /** Closes every open window; the future completes once their events were emitted (or failed to be). */
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    List<Future<Void>> emitted = new ArrayList<>();
    windows.forEach((source, w) -> emitted.add(emit(source, w)));
    windows.clear();
    return Future.join(emitted).<Void>mapEmpty().recover(t -> Future.succeededFuture());
  }

  /**
   * Records one failure of {@code source}.
   *
   * @return true when the caller must audit this failure on its own (the first of its reason from
   *     this source in the window); false when it has been counted for the window's aggregated event
   */
  public boolean record(String source, String reason) {
    Instant now = clock.instant();
    String key = windows.containsKey(source) || windows.size() < maxSources ? source : OTHER_SOURCES;
    Window w = windows.get(key);
    if (w != null && expired(w, now)) {
      emit(key, w);
      windows.remove(key);
      w = null;
    }
    if (w == null) {
      w = new Window(now);
      windows.put(key, w);
    }
    if (w.auditedReasons.add(reason)) {
      return true;
    }
    w.count++;
    w.repeated.merge(reason, 1, Integer::sum);
    if (w.firstRepeat == null) {
      w.firstRepeat = now;
    }
    w.lastRepeat = now;
    return false;
  }

  /** @return how many windows are open */
  int openWindows() {
    return windows.size();
  }

  /** Closes the windows whose time is up, emitting their aggregated events. */
  void closeExpired() {
    Instant now = clock.instant();
    Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Window> e = it.next();
      if (expired(e.getValue(), now)) {
        emit(e.getKey(), e.getValue());
        it.remove();
      }
    }
  }

  private boolean expired(Window w, Instant now) {
    return !now.isBefore(w.opened.plus(window));
  }

  private Future<Void> emit(String source, Window w) {
    if (w.count == 0) {
      return Future.succeededFuture();
    }
    AuditEvent event = new AuditEvent(UUID.randomUUID(), w.lastRepeat, null, null, List.of(), ACTION, "source", source,
        Outcome.FAILURE, AuditEvent.REPEATED_FAILURES, null, null,
        new AuditEvent.Repeats(w.count, w.firstRepeat, w.lastRepeat, w.repeated));
    return sink.emit(event).onFailure(t -> LOG.error("audit emit failed [action: {}, count: {}, error: {}]", ACTION,
        w.count, t.getClass().getSimpleName()));
  }
}
