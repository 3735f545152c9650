package io.chartline.common.kafka;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.sqlclient.DatabaseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer component every stage uses. Records are handled concurrently; an offset is
 * committed only once it and every earlier offset of its partition finished (at-least-once with
 * out-of-order completion). Partitions with too much unfinished work are paused. Permanent
 * failures and exhausted retries go to the dead-letter topic with a reason, and the stage moves on.
 * While the stage's {@link Backpressure} says it is saturated, every owned partition is paused (no
 * queue builds up in memory beyond the records of the poll in hand) and resumed when capacity
 * returns. Create and start it on the verticle's context ({@link ConsumerVerticle}).
 */
public final class PipelineConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineConsumer.class);

  private final Vertx vertx;
  private final KafkaSettings settings;
  private final ConsumerOptions options;
  private final RecordHandler handler;
  private final DeadLetterPublisher deadLetters;
  private final RecordOrigin origin;
  private final ConsumerMetrics metrics;
  private final Backpressure backpressure;
  private final ConsumerFactory factory;
  private final OffsetTracker tracker = new OffsetTracker();
  /** This consumer's lag: the sum of the native client's per-partition {@code records-lag}. */
  private final java.util.function.DoubleSupplier lag = this::lag;
  /** Partitions paused because their own window of unfinished records is full. */
  private final Set<TopicPartition> paused = new HashSet<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  /** Whether every partition is paused because the downstream is saturated. */
  private boolean gated;
  private KafkaConsumer<String, byte[]> consumer;
  private long commitTimer = -1;
  private boolean stopping;

  /** A consumer on the real Kafka client without downstream backpressure. */
  public PipelineConsumer(Vertx vertx, KafkaSettings settings, ConsumerOptions options, RecordHandler handler,
      DeadLetterPublisher deadLetters, RecordOrigin origin, MeterRegistry registry) {
    this(vertx, settings, options, handler, deadLetters, origin, registry, Backpressure.none(), ConsumerFactory.kafka());
  }

  /**
   * @param backpressure pauses every partition while the stage's downstream is saturated
   * @param factory creates the Kafka consumer (a mock one in unit tests)
   */
  public PipelineConsumer(Vertx vertx, KafkaSettings settings, ConsumerOptions options, RecordHandler handler,
      DeadLetterPublisher deadLetters, RecordOrigin origin, MeterRegistry registry, Backpressure backpressure,
      ConsumerFactory factory) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.options = Objects.requireNonNull(options, "options");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.metrics = new ConsumerMetrics(Objects.requireNonNull(registry, "registry"), options.stage());
    this.backpressure = Objects.requireNonNull(backpressure, "backpressure");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** Subscribes; the future fails when the subscription cannot be made. */
  public Future<Void> start() {
    String clientId = options.stage() + "-" + UUID.randomUUID().toString().substring(0, 8);
    java.util.Map<String, String> config = KafkaClientConfigs.consumer(settings, options.groupId(), clientId);
    if (!options.fetchMaxWait().isZero()) {
      config.put("fetch.min.bytes", "65536");
      config.put("fetch.max.wait.ms", Long.toString(options.fetchMaxWait().toMillis()));
    }
    // creating the client builds the native Kafka consumer, which can block while brokers are
    // unreachable: off the event loop; the handlers are set back on this context
    return vertx.executeBlocking(() -> factory.create(vertx, config), false).compose(created -> {
      consumer = created;
      metrics.lagOf(lag);
      consumer.exceptionHandler(t -> {
        if (stopping && t instanceof WakeupException) {
          LOG.debug("consumer woken up to close [stage: {}]", options.stage()); // how close interrupts a poll
        } else {
          LOG.warn("consumer error [stage: {}, error: {}]", options.stage(), t.toString());
        }
      });
      consumer.partitionsAssignedHandler(this::onAssigned);
      consumer.partitionsRevokedHandler(this::onRevoked);
      consumer.handler(this::onRecord);
      commitTimer = vertx.setPeriodic(options.commitInterval().toMillis(), id -> commit());
      return consumer.subscribe(new HashSet<>(options.topics()))
          .onSuccess(v -> LOG.info("consuming [stage: {}, topics: {}, group: {}]", options.stage(), options.topics(),
              options.groupId()));
    });
  }

  private double lag() {
    KafkaConsumer<String, byte[]> c = consumer;
    if (c == null || c.unwrap() == null) {
      return 0;
    }
    double total = 0;
    for (java.util.Map.Entry<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> e
        : c.unwrap().metrics().entrySet()) {
      if (e.getKey().name().equals("records-lag") && e.getKey().tags().containsKey("partition")
          && e.getValue().metricValue() instanceof Double d && !d.isNaN()) {
        total += d;
      }
    }
    return total;
  }

  /** Stops taking records, lets in-flight work finish (bounded), commits what finished, closes. */
  public Future<Void> stop() {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    stopping = true;
    consumer.pause();
    Promise<Void> drained = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    awaitDrain(drained, deadline);
    return drained.future()
        .compose(v -> commit())
        .eventually(() -> {
          vertx.cancelTimer(commitTimer);
          metrics.lagGone(lag);
          return consumer.close();
        });
  }

  private void awaitDrain(Promise<Void> drained, long deadline) {
    if (tracker.pendingTotal() == 0 || System.currentTimeMillis() > deadline) {
      drained.complete();
    } else {
      vertx.setTimer(50, id -> awaitDrain(drained, deadline));
    }
  }

  private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
    if (stopping) {
      return; // not started, so not committed: redelivered to the next owner
    }
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    tracker.started(tp, record.offset());
    metrics.received();
    if (tracker.pending(tp) >= options.maxInFlightPerPartition() && paused.add(tp)) {
      consumer.pause(Set.of(tp));
    }
    if (!gated && backpressure.saturated()) {
      gate();
    }
    if (!origin.verify(record)) {
      deadLetter(record, tp, ErrorCode.RECORD_NOT_AUTHENTIC.name(),
          "the record has no valid " + RecordOrigin.HEADER + " proof: it was not written by this deployment");
      return;
    }
    process(record, tp, 1);
  }

  private void process(KafkaConsumerRecord<String, byte[]> record, TopicPartition tp, int attempt) {
    Future<Void> work;
    try {
      work = handler.handle(record);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.onComplete(ar -> {
      if (ar.succeeded()) {
        finished(tp, record.offset());
        metrics.processed();
        return;
      }
      Throwable cause = ar.cause();
      boolean permanent = cause instanceof ChartlineException ce && ce.permanent();
      if (permanent || attempt >= options.maxAttempts()) {
        String code = permanent ? ((ChartlineException) cause).code().name() : "RETRIES_EXHAUSTED";
        String reason = cause instanceof ChartlineException && cause.getMessage() != null && !cause.getMessage().isBlank()
            ? cause.getMessage() : code + " after " + attempt + " attempt(s): " + cause.getClass().getName();
        deadLetter(record, tp, code, reason);
      } else {
        long delay = backoff(attempt);
        LOG.warn("retrying record [stage: {}, topic: {}, partition: {}, offset: {}, attempt: {}, in: {} ms, error: {}]",
            options.stage(), record.topic(), record.partition(), record.offset(), attempt, delay, describe(cause));
        metrics.retried();
        vertx.setTimer(delay, id -> process(record, tp, attempt + 1));
      }
    });
  }

  private void deadLetter(KafkaConsumerRecord<String, byte[]> record, TopicPartition tp, String code, String reason) {
    LOG.warn("dead-lettering record [stage: {}, topic: {}, partition: {}, offset: {}, code: {}]", options.stage(),
        record.topic(), record.partition(), record.offset(), code);
    Future<Void> settled;
    if (refuses(code)) {
      // an untrustworthy record or one that contradicts stored state: act on nothing it says
      metrics.refused();
      settled = Future.succeededFuture();
    } else {
      try {
        settled = handler.deadLettered(record, code);
      } catch (RuntimeException e) {
        settled = Future.failedFuture(e);
      }
    }
    settled.recover(t -> {
      LOG.warn("could not settle a dead-lettered record [stage: {}, topic: {}, partition: {}, offset: {}, error: {}]",
          options.stage(), record.topic(), record.partition(), record.offset(), describe(t));
      return Future.succeededFuture();
    }).compose(v -> deadLetters.publish(options.stage(), record, code, reason)).onComplete(ar -> {
      if (ar.succeeded()) {
        metrics.deadLettered();
        finished(tp, record.offset());
      } else {
        // The record is never dropped: keep it uncommitted and try the dead-letter topic again.
        vertx.setTimer(options.maxBackoff().toMillis(), id -> deadLetter(record, tp, code, reason));
      }
    });
  }

  private void finished(TopicPartition tp, long offset) {
    if (tracker.finished(tp, offset) && paused.contains(tp) && windowOpen(tp) && !stopping && !gated) {
      paused.remove(tp);
      consumer.resume(Set.of(tp));
    }
  }

  private boolean windowOpen(TopicPartition tp) {
    return tracker.pending(tp) <= options.maxInFlightPerPartition() / 2;
  }

  /** The downstream is saturated: pause everything owned until it has capacity again. */
  private void gate() {
    gated = true;
    metrics.gated();
    LOG.info("downstream saturated, pausing [stage: {}, partitions: {}]", options.stage(), assigned.size());
    if (!assigned.isEmpty()) {
      consumer.pause(Set.copyOf(assigned));
    }
    backpressure.capacity().onComplete(ar -> ungate());
  }

  private void ungate() {
    gated = false;
    if (stopping) {
      return;
    }
    Set<TopicPartition> resume = new HashSet<>();
    for (TopicPartition tp : assigned) {
      if (!paused.contains(tp) || windowOpen(tp)) {
        paused.remove(tp);
        resume.add(tp);
      }
    }
    LOG.info("downstream has capacity, resuming [stage: {}, partitions: {}]", options.stage(), resume.size());
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  private void onAssigned(Set<TopicPartition> partitions) {
    assigned.addAll(partitions);
    if (gated && !partitions.isEmpty()) {
      consumer.pause(Set.copyOf(partitions));
    }
  }

  private Future<Void> commit() {
    return commit(true);
  }

  /**
   * @param againOnWakeup the client wakes its poll loop to run each task, and a wake-up nobody was
   *     polling for is kept and thrown by the next blocking call, which may be this commit: such a
   *     commit is made once more rather than lost (at stop it is the last one)
   */
  private Future<Void> commit(boolean againOnWakeup) {
    Map<TopicPartition, Long> next = tracker.toCommit();
    if (next.isEmpty() || consumer == null) {
      return Future.succeededFuture();
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    next.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset, "")));
    return consumer.commit(offsets)
        .onSuccess(r -> next.forEach(tracker::committed))
        .<Void>mapEmpty()
        .recover(t -> {
          if (againOnWakeup && t instanceof WakeupException) {
            return commit(false);
          }
          LOG.warn("commit failed [stage: {}, error: {}]", options.stage(), t.toString());
          return Future.succeededFuture();
        });
  }

  private void onRevoked(Set<TopicPartition> revoked) {
    commit();
    for (TopicPartition tp : revoked) {
      tracker.forget(tp);
      paused.remove(tp);
      assigned.remove(tp);
    }
  }

  private static boolean refuses(String code) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(code)) {
        return c.refusesRecord();
      }
    }
    return false;
  }

  private long backoff(int attempt) {
    long base = options.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
    long capped = Math.min(base, options.maxBackoff().toMillis());
    return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
  }

  private static String describe(Throwable t) {
    if (t instanceof ChartlineException ce) {
      return ce.code().name();
    }
    // SQLSTATE and exception type only: driver messages can quote row values.
    return t instanceof DatabaseException db ? t.getClass().getSimpleName() + "(" + db.getSqlState() + ")"
        : t.getClass().getSimpleName();
  }
}
