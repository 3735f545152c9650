package io.chartline.common.intake;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Port for where S3 announces changes to the documents bucket (an SQS queue in production). The
 * source delivers one message at a time to the handler and settles it by the handler's result:
 * success deletes it (everything made from it is durable); a permanent failure
 * ({@link io.chartline.common.error.ChartlineException#permanent()}) makes it visible again at once,
 * so the queue's redrive policy moves a poison message to its dead-letter queue; any other failure
 * makes it visible again after a backoff. While the handler works, the message stays invisible to
 * other consumers. Delivery is at least once and unordered.
 */
public interface ObjectEventSource extends AutoCloseable {

  /**
   * One message.
   *
   * @param events what it announces (empty for a test event, which is simply deleted)
   * @param unreadable why the message is not an S3 notification Chartline reads (a stable code), or empty
   * @param receiveCount how often the queue has delivered it, this time included
   */
  record Delivery(String messageId, List<ObjectEvent> events, Optional<String> unreadable, int receiveCount) {

    public Delivery {
      events = List.copyOf(events);
    }
  }

  /** Starts receiving; deliveries are handed to {@code handler}, up to the source's in-flight bound at once. */
  void start(Function<Delivery, Future<Void>> handler);

  /** @return succeeds when the queue answers */
  Future<Void> ping();

  /** Stops receiving and waits for the deliveries in flight to be settled. */
  Future<Void> stop();

  @Override
  void close();
}
