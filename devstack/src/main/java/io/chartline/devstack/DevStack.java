package io.chartline.devstack;

import io.chartline.devstack.bedrock.LocalBedrock;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real local services — PostgreSQL with pgvector, Kafka, S3 (s3proxy), SQS (ElasticMQ) — run as
 * child processes listening on 127.0.0.1 at ports chosen at start, for dev mode and integration
 * tests; a KMS-compatible endpoint ({@link LocalKms}) and a Bedrock runtime endpoint
 * ({@link LocalBedrock}) run in this JVM. No Docker needed;
 * PostgreSQL 15+ with pgvector must be installed ({@code bin/chartline setup}).
 *
 * <p>Children never outlive this JVM: each reads a pipe from it and stops at end of file, which
 * also happens on {@code kill -9}. A shutdown hook stops them gracefully on a normal exit. Their
 * output goes to {@code <stateDir>/logs/<service>.log}.
 *
 * <p>Thread-safe. Blocking: call {@link #start} and {@link #close} off any event loop.
 */
public final class DevStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

  private final StackStopper stopper;
  private final Map<String, LocalService> services;
  private Thread shutdownHook;

  private DevStack(StackStopper stopper, Map<String, LocalService> services, Thread shutdownHook) {
    this.stopper = stopper;
    this.services = services;
    this.shutdownHook = shutdownHook;
  }

  /**
   * Starts the requested services in parallel and returns once all of them are ready.
   *
   * @throws IOException when any service fails to start (the message names it and ends with the
   *                     last lines of its log), when PostgreSQL or pgvector is not installed, or
   *                     when another stack uses the same state directory; whatever had started is
   *                     stopped again
   */
  public static DevStack start(DevStackOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    long began = System.nanoTime();
    if (!options.persistent()) {
      AbandonedStateSweeper.sweepSiblingsOf(options.stateDir());
    }
    StateLayout layout = StateLayout.open(options.stateDir(), options.persistent());
    StackStopper stopper = new StackStopper(layout);
    Thread hook = new Thread(stopper::stop, "devstack-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ProcessLauncher launcher = new ProcessLauncher(layout.logs());
      ChildJvm jvm = ChildJvm.prepare(layout.run());
      Map<String, ParallelStart.Starter> starters = new LinkedHashMap<>();
      if (options.postgres()) {
        starters.put(LocalPostgres.NAME, () -> LocalPostgres.start(layout, launcher));
      }
      if (options.kafka()) {
        starters.put(LocalKafka.NAME, () -> LocalKafka.start(layout, launcher, jvm));
      }
      if (options.s3()) {
        starters.put(LocalS3.NAME, () -> LocalS3.start(layout, launcher, jvm));
      }
      if (options.sqs()) {
        starters.put(LocalSqs.NAME, () -> LocalSqs.start(layout, launcher, jvm));
      }
      if (options.kms()) {
        starters.put(LocalKms.NAME, () -> new KmsService(LocalKms.start(LocalS3.REGION)));
      }
      if (options.bedrock() != null) {
        starters.put(BedrockService.NAME, () -> new BedrockService(LocalBedrock.start(
            options.bedrock().withRegion(LocalS3.REGION))));
      }
      Map<String, LocalService> services = new LinkedHashMap<>(ParallelStart.run(starters));
      if (services.containsKey(LocalS3.NAME) && services.containsKey(LocalSqs.NAME)) {
        // clients reach S3 through the endpoint that announces object changes on SQS, as S3 does
        services.put(S3EventNotifier.NAME, S3EventNotifier.start((S3Server) services.get(LocalS3.NAME)));
      }
      stopper.track(services.values());
      LOG.info("devstack ready [services: {}, dir: {}, took: {} ms]", services.keySet(), layout.root(),
          (System.nanoTime() - began) / 1_000_000);
      return new DevStack(stopper, services, hook);
    } catch (IOException | RuntimeException e) {
      stopper.stop();
      removeHook(hook);
      throw e;
    }
  }

  /** The PostgreSQL server, or null when not requested. */
  public PostgresServer postgres() {
    return (PostgresServer) services.get(LocalPostgres.NAME);
  }

  /** The Kafka broker, or null when not requested. */
  public KafkaServer kafka() {
    return (KafkaServer) services.get(LocalKafka.NAME);
  }

  /**
   * The S3 endpoint, or null when not requested. With SQS in the stack it is the endpoint that
   * announces every object write and removal to the queues routed for the bucket
   * ({@link #notifications()}), in front of the S3 server.
   */
  public S3Server s3() {
    LocalService notifying = services.get(S3EventNotifier.NAME);
    return (S3Server) (notifying != null ? notifying : services.get(LocalS3.NAME));
  }

  /** Where bucket notifications are routed to queues, or null without S3 and SQS in the stack. */
  public S3EventNotifier notifications() {
    return (S3EventNotifier) services.get(S3EventNotifier.NAME);
  }

  /** The SQS endpoint, or null when not requested. */
  public SqsServer sqs() {
    return (SqsServer) services.get(LocalSqs.NAME);
  }

  /**
   * The KMS endpoint (in this JVM, region {@code us-east-1}), or null when not requested. Stopped
   * with the stack: never close it yourself.
   */
  public LocalKms kms() {
    KmsService service = (KmsService) services.get(LocalKms.NAME);
    return service == null ? null : service.kms();
  }

  /**
   * The Bedrock runtime endpoint (in this JVM, region {@code us-east-1}), or null when not requested.
   * Stopped with the stack: never close it yourself.
   */
  public LocalBedrock bedrock() {
    BedrockService service = (BedrockService) services.get(BedrockService.NAME);
    return service == null ? null : service.bedrock();
  }

  /**
   * Replaces the stack's own shutdown hook with one that first runs {@code beforeStop} (e.g.
   * closing the application that uses these services, so its clients never face a stopped
   * broker) and then stops the stack. JVM shutdown hooks run concurrently, so an owner that needs
   * this order must use this method rather than a hook of its own.
   */
  public synchronized void stopOnShutdownAfter(Runnable beforeStop) {
    removeHook(shutdownHook);
    shutdownHook = new Thread(() -> {
      try {
        beforeStop.run();
      } finally {
        stopper.stop();
      }
    }, "devstack-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Stops all services (each gets {@link LocalService#STOP_GRACE} to shut down cleanly, then is
   * killed) and releases the state directory, deleting it unless persistent. Idempotent; never throws.
   */
  @Override
  public void close() {
    stopper.stop();
    removeHook(shutdownHook);
  }

  /** Runs the in-process KMS endpoint under the stack's lifecycle. */
  private record KmsService(LocalKms kms) implements LocalService {

    @Override
    public String name() {
      return LocalKms.NAME;
    }

    @Override
    public void stop() {
      kms.close();
    }
  }

  /** Runs the in-process Bedrock endpoint under the stack's lifecycle. */
  private record BedrockService(LocalBedrock bedrock) implements LocalService {

    static final String NAME = "bedrock";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void stop() {
      bedrock.close();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and the hook is running or done
    }
  }
}
