package io.chartline.sqs;

import io.chartline.common.intake.ObjectEvent;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;
import software.amazon.awssdk.eventnotifications.s3.model.S3Object;

/**
 * Reads the body of an SQS message as the changes to objects it announces, in the three shapes S3
 * sends: an event notification ({@code Records[]}, parsed by the AWS SDK's
 * {@code s3-event-notifications}), the same wrapped by SNS ({@code Type: Notification} with the
 * event in {@code Message}), and an EventBridge event ({@code source: aws.s3}). Keys are
 * URL-decoded exactly once where S3 encodes them ({@code +} is a space, {@code %2B} a plus).
 */
final class S3Notifications {

  /** A message that is not a notification Chartline reads: its reason is a stable code. */
  static final class Unreadable extends RuntimeException {
    private final String code;

    Unreadable(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  private S3Notifications() {
  }

  /**
   * @return the announced changes (empty for {@code s3:TestEvent} and for event types other than
   *     object creation and removal)
   * @throws Unreadable when the body is not one of the three shapes, or its event version is not 2.x
   */
  static List<ObjectEvent> parse(String body) {
    JsonObject root;
    try {
      root = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new Unreadable("NOT_JSON", "the message body is not a JSON object");
    }
    if ("Notification".equals(root.getValue("Type")) && root.getValue("Message") instanceof String inner) {
      return parse(inner); // SNS without raw delivery
    }
    if ("aws.s3".equals(root.getValue("source")) && root.getValue("detail") instanceof JsonObject detail) {
      return eventBridge(root, detail);
    }
    if ("s3:TestEvent".equals(root.getValue("Event"))) {
      return List.of();
    }
    if (!(root.getValue("Records") instanceof io.vertx.core.json.JsonArray)) {
      throw new Unreadable("NOT_S3_EVENT", "the message is neither an S3 notification, an SNS envelope nor an "
          + "EventBridge event");
    }
    S3EventNotification n;
    try {
      n = S3EventNotification.fromJson(body);
    } catch (RuntimeException e) {
      throw new Unreadable("MALFORMED_S3_EVENT", "the S3 notification does not parse");
    }
    List<ObjectEvent> out = new ArrayList<>();
    for (S3EventNotificationRecord r : n.getRecords() == null ? List.<S3EventNotificationRecord>of() : n.getRecords()) {
      String version = r.getEventVersion();
      if (version == null || !version.startsWith("2.")) {
        throw new Unreadable("EVENT_VERSION", "unsupported S3 event version (major 2 is read)");
      }
      ObjectEvent.Kind kind = kind(r.getEventName());
      if (kind == null) {
        continue; // restores, lifecycle transitions, tagging: nothing changes in the document
      }
      if (r.getS3() == null || r.getS3().getBucket() == null || r.getS3().getObject() == null
          || r.getS3().getBucket().getName() == null || r.getS3().getObject().getKey() == null) {
        throw new Unreadable("MALFORMED_S3_EVENT", "an S3 event record lacks its bucket or object");
      }
      S3Object o = r.getS3().getObject();
      String key;
      try {
        key = o.getUrlDecodedKey();
      } catch (RuntimeException e) {
        throw new Unreadable("MALFORMED_KEY", "an object key is not valid URL encoding");
      }
      out.add(new ObjectEvent(kind, r.getS3().getBucket().getName(), key,
          o.getSizeAsLong() == null ? -1 : o.getSizeAsLong(), o.getETag(), o.getVersionId(), o.getSequencer(),
          r.getEventTime()));
    }
    return out;
  }

  private static ObjectEvent.Kind kind(String eventName) {
    if (eventName == null) {
      return null;
    }
    String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
    return name.startsWith("ObjectCreated:") ? ObjectEvent.Kind.CREATED
        : name.startsWith("ObjectRemoved:") ? ObjectEvent.Kind.REMOVED : null;
  }

  /** EventBridge: {@code detail.object.key} is URL-encoded as in notifications; removals carry no size. */
  private static List<ObjectEvent> eventBridge(JsonObject root, JsonObject detail) {
    String type = root.getValue("detail-type") instanceof String t ? t : "";
    ObjectEvent.Kind kind = switch (type) {
      case "Object Created" -> ObjectEvent.Kind.CREATED;
      case "Object Deleted" -> ObjectEvent.Kind.REMOVED;
      default -> null;
    };
    if (kind == null) {
      return List.of();
    }
    if (!(detail.getValue("bucket") instanceof JsonObject bucket) || !(bucket.getValue("name") instanceof String name)
        || !(detail.getValue("object") instanceof JsonObject object) || !(object.getValue("key") instanceof String key)) {
      throw new Unreadable("MALFORMED_EVENTBRIDGE_EVENT", "an EventBridge S3 event lacks its bucket or object");
    }
    Instant time = null;
    if (root.getValue("time") instanceof String t) {
      try {
        time = Instant.parse(t);
      } catch (DateTimeParseException e) {
        throw new Unreadable("MALFORMED_EVENTBRIDGE_EVENT", "the event time does not parse");
      }
    }
    String decoded;
    try {
      decoded = java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Unreadable("MALFORMED_KEY", "an object key is not valid URL encoding");
    }
    long size = object.getValue("size") instanceof Number n ? n.longValue() : -1;
    return List.of(new ObjectEvent(kind, name, decoded, size, str(object, "etag"), str(object, "version-id"),
        str(object, "sequencer"), time));
  }

  private static String str(JsonObject o, String field) {
    return o.getValue(field) instanceof String s ? s : null;
  }
}
