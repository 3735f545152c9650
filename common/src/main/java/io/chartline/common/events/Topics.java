package io.chartline.common.events;

import java.util.List;
import java.util.Objects;

/**
 * Topic names of the pipeline, as a value: an optional prefix lets several environments (or
 * test runs) share one cluster. Every topic has a written contract under docs/events/.
 *
 * @param prefix prepended to every name; empty in a dedicated cluster
 */
public record Topics(String prefix) {

  /** The unprefixed names. */
  public static final Topics DEFAULT = new Topics("");

  public static final String UPLOADED = "docs.uploaded.v1";
  public static final String CHUNKS = "docs.chunks.v1";
  public static final String INDEXED = "docs.indexed.v1";
  public static final String DLQ = "docs.dlq.v1";
  public static final String AUDIT = "audit.events.v1";
  public static final String ALERTS = "audit.alerts.v1";

  public Topics {
    Objects.requireNonNull(prefix, "CHARTLINE_KAFKA_TOPIC_PREFIX");
    if (!prefix.matches("[A-Za-z0-9._-]{0,100}")) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_TOPIC_PREFIX may only contain letters, digits, '.', '_' and '-'");
    }
  }

  /** S3 event-notification shaped upload events, key = document id. */
  public String uploaded() {
    return prefix + UPLOADED;
  }

  /** Parsed and chunked text, key = document id. */
  public String chunks() {
    return prefix + CHUNKS;
  }

  /** A document became searchable, key = document id. */
  public String indexed() {
    return prefix + INDEXED;
  }

  /** Records a stage could not decode or process permanently, key = the original key. */
  public String deadLetters() {
    return prefix + DLQ;
  }

  /** Audit events, key = tenant id. */
  public String audit() {
    return prefix + AUDIT;
  }

  /** Security alerts for the people on call (break-glass opened), key = tenant id. */
  public String alerts() {
    return prefix + ALERTS;
  }

  public List<String> all() {
    return List.of(uploaded(), chunks(), indexed(), deadLetters(), audit(), alerts());
  }
}
