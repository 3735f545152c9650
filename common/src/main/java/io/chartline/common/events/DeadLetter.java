package io.chartline.common.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;

/**
 * A {@code docs.dlq.v1} record: what a stage could not process, why, and the original bytes so
 * it can be replayed once fixed. The reason is a code plus a message free of PHI.
 */
public record DeadLetter(String stage, String sourceTopic, int sourcePartition, long sourceOffset,
    String reasonCode, String reason, Instant failedAt, byte[] originalPayload) {

  public static final String EVENT_TYPE = "docs.dlq";
  public static final int SCHEMA_VERSION = 1;

  public byte[] encode() {
    JsonObject o = new JsonObject()
        .put("stage", stage)
        .put("sourceTopic", sourceTopic)
        .put("sourcePartition", sourcePartition)
        .put("sourceOffset", sourceOffset)
        .put("reasonCode", reasonCode)
        .put("reason", reason)
        .put("failedAt", failedAt.toString());
    if (originalPayload != null) {
      o.put("payloadBase64", Base64.getEncoder().encodeToString(originalPayload));
    }
    return o.toBuffer().getBytes();
  }

  /** A partition, or -1 for what did not come from a topic (an object event from the intake queue). */
  private static int partition(JsonObject o) {
    long p = Json.num(o, "sourcePartition");
    if (p < -1 || p > Integer.MAX_VALUE) {
      throw new EventDecodeException("out of range: sourcePartition");
    }
    return (int) p;
  }

  /** @throws EventDecodeException when the payload breaks the contract */
  public static DeadLetter decode(byte[] payload) {
    JsonObject o = Json.parse(payload);
    String b64 = Json.optStr(o, "payloadBase64");
    try {
      return new DeadLetter(Json.str(o, "stage"), Json.str(o, "sourceTopic"),
          partition(o), Json.num(o, "sourceOffset"), Json.str(o, "reasonCode"),
          Json.str(o, "reason"), Instant.parse(Json.str(o, "failedAt")),
          b64 == null ? null : Base64.getDecoder().decode(b64));
    } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
      throw new EventDecodeException("invalid failedAt or payloadBase64");
    }
  }
}
