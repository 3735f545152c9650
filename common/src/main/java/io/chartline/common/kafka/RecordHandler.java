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
}
