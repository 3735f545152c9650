package io.chartline.common.intake;

import java.time.Instant;
import java.util.Objects;

/**
 * One change to an object in the documents bucket, as S3 announces it (through an event
 * notification, SNS or EventBridge): the key already URL-decoded exactly once.
 *
 * @param size the object's size in bytes (-1 when the event does not say: removals)
 * @param versionId null on an unversioned bucket
 * @param sequencer orders events for the same key only (null when the event has none)
 */
public record ObjectEvent(Kind kind, String bucket, String key, long size, String eTag, String versionId,
    String sequencer, Instant eventTime) {

  /** What happened to the object. */
  public enum Kind { CREATED, REMOVED }

  public ObjectEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }
}
