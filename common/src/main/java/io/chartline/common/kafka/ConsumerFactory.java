package io.chartline.common.kafka;

import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.util.Map;

/**
 * Creates the Kafka consumer a {@link PipelineConsumer} reads from: the real client in production,
 * one wrapping Kafka's {@code MockConsumer} in unit tests.
 */
@FunctionalInterface
public interface ConsumerFactory {

  /**
   * @param config the client configuration ({@code bootstrap.servers}, {@code group.id}, …)
   * @return a consumer that is not yet subscribed
   */
  KafkaConsumer<String, byte[]> create(Vertx vertx, Map<String, String> config);

  /** The real Kafka client. */
  static ConsumerFactory kafka() {
    return KafkaConsumer::create;
  }
}
