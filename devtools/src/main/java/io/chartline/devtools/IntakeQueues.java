package io.chartline.devtools;

import io.chartline.devstack.SqsServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The intake queue of a dev environment, laid out as the Terraform module lays it out on AWS: a
 * standard queue S3 sends the bucket's event notifications to, and a dead-letter queue its redrive
 * policy moves a message to after {@value #MAX_RECEIVES} failed receives. The dead-letter queue
 * keeps messages longer than the source queue, because a moved message keeps its original enqueue
 * time. Creating them again is a no-op.
 */
public final class IntakeQueues {

  /** Receives after which a message counts as poison. */
  public static final int MAX_RECEIVES = 3;
  static final int SOURCE_RETENTION_SECONDS = 4 * 24 * 3600;
  static final int DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

  private IntakeQueues() {
  }

  /** The queue names of an environment: SQS allows letters, digits, hyphens and underscores, 80 at most. */
  public static String queueName(String environment) {
    String clean = environment.replaceAll("[^A-Za-z0-9_-]", "-");
    return "chartline-intake-" + clean.substring(0, Math.min(clean.length(), 50));
  }

  /**
   * Creates (or finds) the environment's queue and dead-letter queue. Blocking.
   *
   * @return the settings that point a node's intake at the queue
   */
  public static Map<String, String> ensure(SqsServer sqs, String environment) throws Exception {
    try (SqsClient client = client(sqs)) {
      String name = queueName(environment);
      String dlq = client.createQueue(r -> r.queueName(name + "-dlq").attributes(Map.of(
          QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(DLQ_RETENTION_SECONDS)))).queueUrl();
      String dlqArn = client.getQueueAttributes(r -> r.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      String redrive = new JsonObject().put("deadLetterTargetArn", dlqArn)
          .put("maxReceiveCount", Integer.toString(MAX_RECEIVES)).encode();
      String url = client.createQueue(r -> r.queueName(name).attributes(Map.of(
          QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(SOURCE_RETENTION_SECONDS),
          QueueAttributeName.VISIBILITY_TIMEOUT, "30",
          QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
      return Map.of("CHARTLINE_SQS_QUEUE_URL", url, "CHARTLINE_SQS_ENDPOINT", sqs.endpoint().toString(),
          "CHARTLINE_SQS_REGION", sqs.region(), "CHARTLINE_SQS_ACCESS_KEY", sqs.accessKey(),
          "CHARTLINE_SQS_SECRET_KEY", sqs.secretKey(), "CHARTLINE_SQS_WAIT", "2s",
          "CHARTLINE_SQS_VISIBILITY", "30s", "CHARTLINE_SQS_RETRY_DELAY", "1s");
    }
  }

  /** A blocking client for setup (and tests) against the stack's SQS server. */
  public static SqsClient client(SqsServer sqs) {
    return SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.of(sqs.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(sqs.accessKey(),
            sqs.secretKey())))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)))
        .build();
  }
}
