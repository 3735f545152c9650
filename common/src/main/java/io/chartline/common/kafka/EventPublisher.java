package io.chartline.common.kafka;

import io.chartline.common.events.DeadLetter;
import io.chartline.common.events.EventHeaders;
import io.chartline.common.events.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Clock;
import java.util.Objects;

/**
 * Publishes contract records with the standard headers and a proof of origin
 * ({@link RecordOrigin}). One idempotent producer per instance; {@link #publish} completes when the
 * broker acknowledged the record ({@code acks=all}).
 */
public final class EventPublisher implements DeadLetterPublisher {

  private final KafkaProducer<String, byte[]> producer;
  private final Clock clock;
  private final Topics topics;
  private final RecordOrigin origin;

  public EventPublisher(Vertx vertx, KafkaSettings settings, String clientId, RecordOrigin origin, Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.producer = KafkaProducer.create(vertx, KafkaClientConfigs.producer(settings, clientId));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.topics = settings.topics();
  }

  /**
   * @return a future that succeeds when the record is durable on the broker, fails on timeout
   *     (bounded by {@code delivery.timeout.ms}) or broker error
   */
  public Future<Void> publish(String topic, String key, byte[] payload, String tenantId, String eventType,
      int schemaVersion, String traceparent) {
    KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(topic, key, payload);
    EventHeaders.stamp(record, tenantId, eventType, schemaVersion, traceparent);
    origin.stamp(record);
    return producer.send(record).mapEmpty();
  }

  @Override
  public Future<Void> publish(String stage, KafkaConsumerRecord<String, byte[]> source, String reasonCode,
      String reason) {
    DeadLetter letter = new DeadLetter(stage, source.topic(), source.partition(), source.offset(), reasonCode,
        reason, clock.instant(), source.value());
    KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(topics.deadLetters(), source.key(),
        letter.encode());
    for (KafkaHeader h : source.headers()) {
      if (!h.key().equalsIgnoreCase(EventHeaders.EVENT_TYPE) && !h.key().equalsIgnoreCase(EventHeaders.SCHEMA_VERSION)
          && !h.key().equalsIgnoreCase(EventHeaders.CONTENT_TYPE) && !h.key().equalsIgnoreCase(RecordOrigin.HEADER)) {
        record.addHeader(h);
      }
    }
    EventHeaders.stamp(record, null, DeadLetter.EVENT_TYPE, DeadLetter.SCHEMA_VERSION, null);
    origin.stamp(record);
    return producer.send(record).mapEmpty();
  }

  /**
   * Sends what a stage refused that did not come from a topic (an object event from the queue) to
   * the dead-letter topic, keyed by {@code key}, with the reason.
   *
   * @param source where it came from (for example {@code sqs}): the record's source topic
   * @param tenantId the tenant it names, when it names a valid one (null otherwise)
   */
  public Future<Void> deadLetter(String stage, String source, String key, String tenantId, String reasonCode,
      String reason, byte[] payload) {
    DeadLetter letter = new DeadLetter(stage, source, -1, -1, reasonCode, reason, clock.instant(), payload);
    KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(topics.deadLetters(), key, letter.encode());
    EventHeaders.stamp(record, tenantId, DeadLetter.EVENT_TYPE, DeadLetter.SCHEMA_VERSION, null);
    origin.stamp(record);
    return producer.send(record).mapEmpty();
  }

  /** @return the topic names this publisher's deployment uses. */
  public Topics topics() {
    return topics;
  }

  public Future<Void> close() {
    return producer.close();
  }
}
