package io.chartline.common.kafka;

import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;

/** Sends a record a stage gave up on to the dead-letter topic, with the reason. */
public interface DeadLetterPublisher {

  /** @return a future that succeeds once the dead-letter record is acknowledged by the broker. */
  Future<Void> publish(String stage, KafkaConsumerRecord<String, byte[]> record, String reasonCode, String reason);
}
