package io.chartline.ingest.intake;

import io.chartline.common.intake.ObjectEventSource;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Objects;

/**
 * Runs the object intake on its own event loop: deliveries from the source go to
 * {@link ObjectIntake}; on undeploy the source stops receiving and the deliveries in flight are
 * settled before the verticle ends.
 */
public final class IntakeVerticle extends VerticleBase {

  private final ObjectEventSource source;
  private final ObjectIntake intake;

  public IntakeVerticle(ObjectEventSource source, ObjectIntake intake) {
    this.source = Objects.requireNonNull(source, "source");
    this.intake = Objects.requireNonNull(intake, "intake");
  }

  @Override
  public Future<?> start() {
    source.start(intake::handle);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return source.stop();
  }
}
