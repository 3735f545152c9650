package io.chartline.sqs;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where S3 event notifications are read from.
 *
 * @param queueUrl the queue's URL ({@code CHARTLINE_SQS_QUEUE_URL})
 * @param endpoint null for AWS itself; an SQS-compatible endpoint otherwise
 * @param accessKey null to use the default AWS credentials chain
 * @param waitTime the long poll's wait (1–20 s)
 * @param visibilityTimeout how long a received message stays invisible; it is extended at half this
 *     while its work is in flight
 * @param maxInFlight how many received messages may be unsettled at once (at least 1; a receive asks
 *     for at most 10)
 * @param retryDelay how long a message whose work failed for a transient reason stays invisible before it is retried
 */
public record SqsSettings(String queueUrl, URI endpoint, String region, String accessKey, String secretKey,
    Duration waitTime, Duration visibilityTimeout, int maxInFlight, Duration retryDelay) {

  public SqsSettings {
    Objects.requireNonNull(queueUrl, "CHARTLINE_SQS_QUEUE_URL");
    Objects.requireNonNull(region, "CHARTLINE_SQS_REGION");
    URI parsed = URI.create(queueUrl);
    if (parsed.getScheme() == null || parsed.getHost() == null) {
      throw new IllegalArgumentException("CHARTLINE_SQS_QUEUE_URL is not a queue URL");
    }
    if (waitTime.compareTo(Duration.ofSeconds(1)) < 0 || waitTime.compareTo(Duration.ofSeconds(20)) > 0) {
      throw new IllegalArgumentException("CHARTLINE_SQS_WAIT must be between 1s and 20s");
    }
    if (visibilityTimeout.compareTo(Duration.ofSeconds(10)) < 0 || visibilityTimeout.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException("CHARTLINE_SQS_VISIBILITY must be between 10s and 12h");
    }
    if (maxInFlight < 1 || maxInFlight > 1000) {
      throw new IllegalArgumentException("CHARTLINE_SQS_MAX_IN_FLIGHT must be between 1 and 1000");
    }
    if (retryDelay.isNegative() || retryDelay.compareTo(visibilityTimeout) > 0) {
      throw new IllegalArgumentException("CHARTLINE_SQS_RETRY_DELAY must be between 0 and CHARTLINE_SQS_VISIBILITY");
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("CHARTLINE_SQS_ACCESS_KEY and CHARTLINE_SQS_SECRET_KEY must be set together");
    }
  }

  @Override
  public String toString() {
    return "SqsSettings[queueUrl=" + queueUrl + ", endpoint=" + endpoint + ", region=" + region + "]";
  }
}
