package io.chartline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PipelineConsumer over Kafka's MockConsumer: offsets commit only once a record and every earlier
 * one of its partition finished; a full window pauses its partition; a saturated downstream pauses
 * every partition until it has capacity.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class PipelineConsumerTest {

  private static final String TOPIC = "docs.chunks.v1";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final KafkaSettings KAFKA = new KafkaSettings("127.0.0.1:1", new Topics(""), 2, (short) 1,
      Duration.ofSeconds(5), Duration.ofSeconds(30), 50, Duration.ofMillis(20), "none", Map.of());

  private final RecordOrigin origin = new RecordOrigin(RecordKeys.parse("k1:" + RecordOriginTest.key(), "TEST"));
  /** Commits still to fail with the wake-up a client leaves for the next blocking call. */
  private final AtomicInteger wakeups = new AtomicInteger();
  /** What the consumer committed, readable after it closed. */
  private final Map<TopicPartition, Long> commits = new ConcurrentHashMap<>();
  private final MockConsumer<String, byte[]> mock = new MockConsumer<>("earliest") {
    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (wakeups.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new WakeupException();
      }
      super.commitSync(offsets);
      offsets.forEach((tp, o) -> commits.put(tp, o.offset()));
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      commitSync(offsets);
    }
  };
  /** The work of each record handled so far, by "partition:offset"; the test completes it. */
  private final Map<String, Promise<Void>> work = new ConcurrentHashMap<>();
  private volatile Context consumerContext;

  @BeforeEach
  void assignTwoPartitions() {
    mock.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    mock.schedulePollTask(() -> mock.rebalance(List.of(P0, P1)));
  }

  /** Out-of-order completion: nothing of P0 is committed until its first record finishes, then all three at once. */
  @Test
  void commitsOnlyTheContiguousFinishedRun(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, 16, Backpressure.none())
        .compose(v -> {
          send(P0, 0);
          send(P0, 1);
          send(P0, 2);
          send(P1, 0);
          return until(vertx, () -> work.size() == 4);
        })
        .compose(v -> {
          finish("0:2");
          finish("0:1");
          return until(vertx, () -> work.get("0:1").future().isComplete() && work.get("0:2").future().isComplete());
        })
        // marker: P1's record finishes after P0's later two, so once its commit shows a commit round ran since
        .compose(v -> {
          finish("1:0");
          return until(vertx, () -> committed(P1) == 1);
        })
        .compose(v -> {
          ctx.verify(() -> assertThat(committed(P0)).as("P0 offset before its first record finished").isEqualTo(-1));
          finish("0:0");
          return until(vertx, () -> committed(P0) == 3);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** A partition with a full window of unfinished records is paused, and resumed once half of it drained. */
  @Test
  void aFullWindowPausesItsPartitionOnly(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, 2, Backpressure.none())
        .compose(v -> {
          send(P0, 0);
          send(P0, 1);
          return until(vertx, () -> work.size() == 2 && paused().contains(P0));
        })
        .compose(v -> {
          ctx.verify(() -> assertThat(paused()).doesNotContain(P1));
          finish("0:0");
          return until(vertx, () -> !paused().contains(P0));
        })
        .compose(v -> {
          finish("0:1");
          return until(vertx, () -> committed(P0) == 2);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** While the downstream is saturated every partition is paused and no new record is handled; capacity resumes them. */
  @Test
  void aSaturatedDownstreamPausesEveryPartitionUntilCapacityReturns(Vertx vertx, VertxTestContext ctx) {
    AtomicBoolean saturated = new AtomicBoolean(true);
    Promise<Void> capacity = Promise.promise();
    deploy(vertx, 16, Backpressure.of(saturated::get, capacity::future))
        .compose(v -> {
          send(P0, 0);
          return until(vertx, () -> work.size() == 1 && paused().containsAll(Set.of(P0, P1)));
        })
        .compose(v -> {
          // records arriving now wait in the broker, not in memory: a paused partition is not fetched
          send(P1, 0);
          send(P0, 1);
          return polls(2);
        })
        .compose(v -> {
          ctx.verify(() -> assertThat(work).containsOnlyKeys("0:0"));
          saturated.set(false);
          capacity.complete();
          return until(vertx, () -> work.size() == 3 && paused().isEmpty());
        })
        .compose(v -> {
          work.keySet().forEach(this::finish);
          return until(vertx, () -> committed(P0) == 2 && committed(P1) == 1);
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * The last commit, made by stop, meets the wake-up the client left behind (it wakes its poll loop
   * to close): it is made again, not lost, so a clean shutdown redelivers nothing.
   */
  @Test
  void theCommitAtStopIsMadeAgainWhenAWakeUpInterruptsIt(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, 16, Backpressure.none(), Duration.ofHours(1))
        .compose(id -> {
          send(P0, 0);
          send(P0, 1);
          return until(vertx, () -> work.size() == 2).map(id);
        })
        .compose(id -> {
          finish("0:0");
          finish("0:1");
          return until(vertx, () -> work.values().stream().allMatch(p -> p.future().isComplete())).map(id);
        })
        .compose(id -> {
          ctx.verify(() -> assertThat(committed(P0)).as("nothing committed before stop (hourly commits)")
              .isEqualTo(-1));
          wakeups.set(1);
          return vertx.undeploy(id);
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          assertThat(wakeups.get()).as("the wake-up was met").isZero();
          assertThat(commits).containsEntry(P0, 2L);
          ctx.completeNow();
        })));
  }

  private Future<String> deploy(Vertx vertx, int window, Backpressure backpressure) {
    return deploy(vertx, window, backpressure, KAFKA.commitInterval());
  }

  private Future<String> deploy(Vertx vertx, int window, Backpressure backpressure, Duration commitInterval) {
    ConsumerOptions options = ConsumerOptions.of("embed", "group", TOPIC, window, commitInterval);
    RecordHandler handler = record -> {
      consumerContext = Vertx.currentContext();
      Promise<Void> p = Promise.promise();
      work.put(record.partition() + ":" + record.offset(), p);
      return p.future();
    };
    DeadLetterPublisher deadLetters = (stage, record, code, reason) -> Future.failedFuture("no dead letters expected");
    return vertx.deployVerticle(new ConsumerVerticle(v -> new PipelineConsumer(v, KAFKA, options, handler, deadLetters,
        origin, new SimpleMeterRegistry(), backpressure, (vx, config) -> KafkaConsumer.create(vx, mock))));
  }

  private void send(TopicPartition tp, long offset) {
    byte[] value = ("{\"n\":" + offset + "}").getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "doc-1", value);
    record.headers().add(RecordOrigin.HEADER, origin.sign(tp.topic(), "doc-1", null, null, null, value)
        .getBytes(StandardCharsets.US_ASCII));
    mock.schedulePollTask(() -> mock.addRecord(record));
  }

  private void finish(String key) {
    Promise<Void> p = work.get(key);
    consumerContext.runOnContext(v -> p.tryComplete());
  }

  private long committed(TopicPartition tp) {
    OffsetAndMetadata o = mock.committed(Set.of(tp)).get(tp);
    return o == null ? -1 : o.offset();
  }

  private Set<TopicPartition> paused() {
    return mock.paused();
  }

  /** Completes once the consumer has polled {@code n} more times (marker tasks run inside poll). */
  private Future<Void> polls(int n) {
    Promise<Void> done = Promise.promise();
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
    for (int i = 0; i < n; i++) {
      mock.schedulePollTask(() -> {
        if (left.decrementAndGet() == 0) {
          done.tryComplete();
        }
      });
    }
    return done.future();
  }

  /** Polls {@code condition} on a timer until it holds (fails after 10 s). */
  private static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    check(vertx, condition, done, deadline);
    return done.future();
  }

  private static void check(Vertx vertx, BooleanSupplier condition, Promise<Void> done, long deadline) {
    if (condition.getAsBoolean()) {
      done.complete();
    } else if (System.currentTimeMillis() > deadline) {
      done.fail(new AssertionError("condition not met within 10 s"));
    } else {
      vertx.setTimer(10, id -> check(vertx, condition, done, deadline));
    }
  }
}
