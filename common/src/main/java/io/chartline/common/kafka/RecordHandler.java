package io.chartline.common.kafka;

import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

/**
 * Processes one record. The returned future completes when the work is durable; a failure with a
 * permanent {@link io.chartline.common.error.ChartlineException} dead-letters the record, any
 * other failure is retried with backoff.
 */
@FunctionalInterface
public interface RecordHandler {
  Future<Void> handle(KafkaConsumerRecord<String, byte[]> record);

  /**
   * Called before {@code record} goes to the dead-letter topic (it could not be decoded, failed
   * permanently, or ran out of retries) so the stage can settle what the record was about, such as
   * failing its document instead of leaving it in flight forever. May run more than once for the
   * same record; a failure is logged and does not stop the dead-lettering.
   *
   * @param code the stable reason code the dead letter will carry
   */
  default Future<Void> deadLettered(KafkaConsumerRecord<String, byte[]> record, String code) {
    return Future.succeededFuture();
  }
}
