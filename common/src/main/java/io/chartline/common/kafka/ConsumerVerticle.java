package io.chartline.common.kafka;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one verticle every consuming stage (ingest, embed, audit) is deployed in: it builds its
 * {@link PipelineConsumer} on its own context, starts it, and stops it (draining in-flight work and
 * committing what finished) on undeploy. What differs between stages (name, topic, handler,
 * window) lives in the consumer the launcher describes.
 */
public final class ConsumerVerticle extends VerticleBase {

  private final Function<Vertx, PipelineConsumer> consumerFactory;
  private PipelineConsumer consumer;

  /** @param consumer builds the stage's consumer on this verticle's Vert.x, called once at start */
  public ConsumerVerticle(Function<Vertx, PipelineConsumer> consumer) {
    this.consumerFactory = Objects.requireNonNull(consumer, "consumer");
  }

  /** @return a future that succeeds once the consumer is subscribed, or fails with why it could not */
  @Override
  public Future<?> start() {
    consumer = consumerFactory.apply(vertx);
    return consumer.start();
  }

  /** @return a future that completes once in-flight work is drained (bounded), committed and the client closed */
  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.stop();
  }
}
