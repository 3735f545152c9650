package io.chartline.devstack;

import io.chartline.devstack.bedrock.LocalBedrock;
import io.chartline.devstack.bedrock.LocalBedrockOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Which local services a {@link DevStack} starts and where they keep their state.
 *
 * <p>With {@code persistent} the state directory survives {@link DevStack#close()}: PostgreSQL
 * data, Kafka logs and S3 objects are found again by the next start on the same directory.
 * Without it the directory is deleted on close. The record only describes; nothing is created
 * until {@link DevStack#start(DevStackOptions)}.
 *
 * <p>KMS ({@link LocalKms}) runs inside the calling JVM and keeps its keys in memory only, also when
 * persistent: dev mode uses the application's local keyring, so {@link #dev} leaves it off.
 * Bedrock ({@link LocalBedrock}) runs inside the calling JVM too and keeps nothing; it is on when
 * {@code bedrock} holds its options (for real embeddings, options {@code withVectors} a model).
 *
 * @param stateDir   directory for data, configuration and logs ({@code logs/<service>.log})
 * @param persistent keep and reuse the state across starts
 * @param postgres   start PostgreSQL with pgvector
 * @param kafka      start a single-node KRaft Kafka broker
 * @param s3         start an S3-compatible endpoint (s3proxy)
 * @param sqs        start an SQS-compatible endpoint (ElasticMQ, in memory even when persistent)
 * @param kms        start a KMS-compatible endpoint ({@link LocalKms}, in this JVM, in memory)
 * @param bedrock    start a Bedrock runtime endpoint with these options ({@link LocalBedrock}, in this
 *                   JVM); null for none
 */
public record DevStackOptions(Path stateDir, boolean persistent, boolean postgres, boolean kafka, boolean s3,
                              boolean sqs, boolean kms, LocalBedrockOptions bedrock) {

  /** Prefix of the throw-away state directories that {@link #forTests()} places in the temp dir. */
  static final String TEST_DIR_PREFIX = "chartline-devstack-";

  /** Fails with {@link NullPointerException} when {@code stateDir} is missing; stores it as an absolute path. */
  public DevStackOptions {
    Objects.requireNonNull(stateDir, "stateDir");
    stateDir = stateDir.toAbsolutePath().normalize();
  }

  /** The same services without KMS and Bedrock (the form these options had before KMS existed). */
  public DevStackOptions(Path stateDir, boolean persistent, boolean postgres, boolean kafka, boolean s3,
      boolean sqs) {
    this(stateDir, persistent, postgres, kafka, s3, sqs, false, null);
  }

  /** The same services without Bedrock. */
  public DevStackOptions(Path stateDir, boolean persistent, boolean postgres, boolean kafka, boolean s3,
      boolean sqs, boolean kms) {
    this(stateDir, persistent, postgres, kafka, s3, sqs, kms, null);
  }

  /** These options with the KMS endpoint switched on or off. */
  public DevStackOptions withKms(boolean kms) {
    return new DevStackOptions(stateDir, persistent, postgres, kafka, s3, sqs, kms, bedrock);
  }

  /** These options with a Bedrock endpoint of {@code bedrock} (null: none). */
  public DevStackOptions withBedrock(LocalBedrockOptions bedrock) {
    return new DevStackOptions(stateDir, persistent, postgres, kafka, s3, sqs, kms, bedrock);
  }

  /**
   * Options for integration tests: a fresh directory under {@code java.io.tmpdir}, deleted on close,
   * with PostgreSQL, Kafka, S3, SQS (the intake queues), KMS and Bedrock in its fast mode with no quotas. Tests that
   * need real embeddings, quotas or faults change the endpoint at runtime or start their own.
   */
  public static DevStackOptions forTests() {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), TEST_DIR_PREFIX + unique);
    return new DevStackOptions(dir, false, true, true, true, true, true, LocalBedrockOptions.defaults());
  }

  /**
   * Options for dev mode: PostgreSQL, Kafka and S3 with their data kept under {@code stateDir}
   * ({@code postgres/}, {@code kafka/}, {@code s3/}) and reused by the next start, and SQS for the
   * intake queue (in memory: notifications of a stopped stack are not kept). No KMS (dev mode
   * uses a local keyring) and no Bedrock (dev mode embeds and answers locally); ask for them with
   * {@code dev(dir).withKms(true)} and {@code dev(dir).withBedrock(...)}.
   */
  public static DevStackOptions dev(Path stateDir) {
    return new DevStackOptions(stateDir, true, true, true, true, true, false);
  }
}
