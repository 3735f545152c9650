package io.chartline.sqs;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.intake.ObjectEvent;
import io.chartline.common.intake.ObjectEventSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * S3 event notifications from an SQS queue. One long poll at a time asks for as many messages as
 * the in-flight bound leaves room for (at most 10); each message goes to the handler on its own.
 * While a message's work runs, its visibility is extended every half visibility timeout, so a slow
 * document is not delivered twice. A message is deleted only when the handler's future succeeds
 * (everything made from it is durable); a permanent failure makes it visible again at once (the
 * queue's redrive policy moves a message that keeps failing to its dead-letter queue), any other
 * failure after {@link SqsSettings#retryDelay()}. A failed receive backs off from one second to
 * thirty. Message bodies are never logged: they name object keys, which may carry PHI.
 */
public final class SqsObjectEventSource implements ObjectEventSource {

  private static final Logger LOG = LoggerFactory.getLogger(SqsObjectEventSource.class);
  private static final int MAX_BATCH = 10;
  private static final Duration MAX_RECEIVE_BACKOFF = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final SqsSettings settings;
  private final SqsAsyncClient client;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Map<String, Promise<Void>> settling = new ConcurrentHashMap<>();
  private Function<Delivery, Future<Void>> handler;
  private Context context;
  private boolean polling;
  private long receiveFailures;

  public SqsObjectEventSource(Vertx vertx, SqsSettings settings) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.settings = Objects.requireNonNull(settings, "settings");
    SqsAsyncClientBuilder b = SqsAsyncClient.builder()
        .region(Region.of(settings.region()))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(Math.max(8, settings.maxInFlight() + 4))
            // a long poll holds its connection for the wait time
            .readTimeout(settings.waitTime().plusSeconds(10)).connectionTimeout(Duration.ofSeconds(5)))
        .credentialsProvider(settings.accessKey() == null ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    if (settings.endpoint() != null) {
      b.endpointOverride(settings.endpoint());
    }
    this.client = b.build();
  }

  @Override
  public void start(Function<Delivery, Future<Void>> handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    if (running.compareAndSet(false, true)) {
      // every receive and settlement runs on the caller's context, one at a time
      context = vertx.getOrCreateContext();
      context.runOnContext(v -> poll());
    }
  }

  /** Runs on the source's context: one receive outstanding at most. */
  private void poll() {
    if (!running.get() || polling) { // blocking-ok: AtomicBoolean read
      return;
    }
    int room = Math.min(MAX_BATCH, settings.maxInFlight() - inFlight.get()); // blocking-ok: AtomicInteger read
    if (room <= 0) {
      return; // a settled message calls poll() again
    }
    polling = true;
    Future.fromCompletionStage(client.receiveMessage(r -> r.queueUrl(settings.queueUrl()).maxNumberOfMessages(room)
            .waitTimeSeconds((int) settings.waitTime().toSeconds())
            .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)), context)
        .onComplete(ar -> {
          polling = false;
          if (ar.failed()) {
            long backoff = Math.min(MAX_RECEIVE_BACKOFF.toMillis(), 1000L << Math.min(receiveFailures++, 5));
            LOG.warn("sqs receive failed [error: {}]; retrying in {} ms", ar.cause().getClass().getSimpleName(), backoff);
            vertx.setTimer(backoff, id -> poll());
            return;
          }
          receiveFailures = 0;
          for (Message m : ar.result().messages()) {
            deliver(m);
          }
          poll();
        });
  }

  private void deliver(Message m) {
    inFlight.incrementAndGet();
    Promise<Void> settled = Promise.promise();
    settling.put(m.messageId(), settled);
    int receiveCount = receiveCount(m);
    Delivery delivery;
    try {
      delivery = new Delivery(m.messageId(), S3Notifications.parse(m.body()), Optional.empty(), receiveCount);
    } catch (S3Notifications.Unreadable e) {
      delivery = new Delivery(m.messageId(), List.<ObjectEvent>of(), Optional.of(e.code()), receiveCount);
    }
    long heartbeat = vertx.setPeriodic(Math.max(1000, settings.visibilityTimeout().toMillis() / 2),
        id -> visibility(m, settings.visibilityTimeout()));
    Future<Void> work;
    try {
      work = handler.apply(delivery);
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.transform(ar -> {
      vertx.cancelTimer(heartbeat);
      if (ar.succeeded()) {
        return Future.fromCompletionStage(client.deleteMessage(r -> r.queueUrl(settings.queueUrl())
            .receiptHandle(m.receiptHandle())), context).<Void>mapEmpty();
      }
      boolean permanent = ar.cause() instanceof ChartlineException ce && ce.permanent();
      return visibility(m, permanent ? Duration.ZERO : settings.retryDelay());
    }).onComplete(ar -> context.runOnContext(x -> {
      if (ar.failed()) {
        // the message reappears when its visibility lapses: nothing is lost, it is handled again
        LOG.warn("sqs settle failed [message: {}, error: {}]", m.messageId(), ar.cause().getClass().getSimpleName());
      }
      settling.remove(m.messageId());
      inFlight.decrementAndGet();
      settled.complete();
      poll();
    }));
  }

  private Future<Void> visibility(Message m, Duration timeout) {
    return Future.fromCompletionStage(client.changeMessageVisibility(r -> r.queueUrl(settings.queueUrl())
        .receiptHandle(m.receiptHandle()).visibilityTimeout((int) timeout.toSeconds())), context).mapEmpty();
  }

  private static int receiveCount(Message m) {
    String n = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return n == null ? 1 : Integer.parseInt(n);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  @Override
  public Future<Void> ping() {
    return Future.fromCompletionStage(client.getQueueAttributes(r -> r.queueUrl(settings.queueUrl())
        .attributeNamesWithStrings("QueueArn"))).mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    running.set(false);
    return Future.join(settling.values().stream().map(Promise::future).toList()).mapEmpty();
  }

  @Override
  public void close() {
    running.set(false);
    client.close();
  }
}
