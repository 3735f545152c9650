package io.chartline.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chartline.common.intake.ObjectEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three shapes S3 announces objects in, read into object events: keys decoded exactly once,
 * event versions checked, test events and other event types yielding nothing, and anything else
 * refused with a stable code.
 */
class S3NotificationsTest {

  static JsonObject record(String eventName, String version, String encodedKey, String sequencer) {
    return new JsonObject().put("eventVersion", version).put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
        .put("eventTime", "2026-12-01T10:00:00.000Z").put("eventName", eventName)
        .put("s3", new JsonObject().put("s3SchemaVersion", "1.0")
            .put("bucket", new JsonObject().put("name", "docs-bucket"))
            .put("object", new JsonObject().put("key", encodedKey).put("size", 1234).put("eTag", "abc")
                .put("versionId", "v1").put("sequencer", sequencer)));
  }

  static String notification(JsonObject... records) {
    return new JsonObject().put("Records", new JsonArray(List.of((Object[]) records))).encode();
  }

  @Test
  void anS3NotificationBecomesObjectEventsWithKeysDecodedOnce() {
    List<ObjectEvent> events = S3Notifications.parse(notification(
        record("ObjectCreated:Put", "2.1", "tenants/demo-clinic/inbox/C%2B%2B+%26+Co+100%25.txt", "0055AED6DCD90281E5"),
        record("ObjectRemoved:Delete", "2.2", "tenants/demo-clinic/inbox/old+note.txt", "0055AED6DCD90281E6")));

    assertThat(events).hasSize(2);
    ObjectEvent put = events.get(0);
    assertThat(put.kind()).isEqualTo(ObjectEvent.Kind.CREATED);
    assertThat(put.bucket()).isEqualTo("docs-bucket");
    assertThat(put.key()).isEqualTo("tenants/demo-clinic/inbox/C++ & Co 100%.txt");
    assertThat(put.size()).isEqualTo(1234);
    assertThat(put.sequencer()).isEqualTo("0055AED6DCD90281E5");
    assertThat(put.versionId()).isEqualTo("v1");
    assertThat(put.eventTime()).hasToString("2026-12-01T10:00:00Z");
    assertThat(events.get(1).kind()).isEqualTo(ObjectEvent.Kind.REMOVED);
    assertThat(events.get(1).key()).isEqualTo("tenants/demo-clinic/inbox/old note.txt");
  }

  @Test
  void anSnsEnvelopeIsUnwrapped() {
    String body = new JsonObject().put("Type", "Notification").put("MessageId", "m-1")
        .put("TopicArn", "arn:aws:sns:us-east-1:000000000000:t").put("Subject", "Amazon S3 Notification")
        .put("Message", notification(record("ObjectCreated:CompleteMultipartUpload", "2.1", "tenants/a/b+c.pdf", "01")))
        .encode();
    assertThat(S3Notifications.parse(body)).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ObjectEvent.Kind.CREATED);
      assertThat(e.key()).isEqualTo("tenants/a/b c.pdf");
    });
  }

  @Test
  void anEventBridgeEventIsReadWithItsOwnFieldNames() {
    JsonObject created = new JsonObject().put("version", "0").put("detail-type", "Object Created")
        .put("source", "aws.s3").put("time", "2026-12-01T10:00:00Z")
        .put("detail", new JsonObject().put("bucket", new JsonObject().put("name", "docs-bucket"))
            .put("object", new JsonObject().put("key", "tenants/a/Lab+Report+%281%29.pdf").put("size", 5)
                .put("etag", "e1").put("version-id", "v9").put("sequencer", "617f08299329d189"))
            .put("reason", "PutObject"));
    assertThat(S3Notifications.parse(created.encode())).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ObjectEvent.Kind.CREATED);
      assertThat(e.key()).isEqualTo("tenants/a/Lab Report (1).pdf");
      assertThat(e.versionId()).isEqualTo("v9");
      assertThat(e.sequencer()).isEqualTo("617f08299329d189");
      assertThat(e.eTag()).isEqualTo("e1");
    });
    JsonObject deleted = created.copy().put("detail-type", "Object Deleted");
    assertThat(S3Notifications.parse(deleted.encode())).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(ObjectEvent.Kind.REMOVED));
    JsonObject restored = created.copy().put("detail-type", "Object Restore Completed");
    assertThat(S3Notifications.parse(restored.encode())).isEmpty();
  }

  @Test
  void aTestEventAndEventsThatChangeNoContentYieldNothing() {
    assertThat(S3Notifications.parse(new JsonObject().put("Service", "Amazon S3").put("Event", "s3:TestEvent")
        .put("Bucket", "docs-bucket").encode())).isEmpty();
    assertThat(S3Notifications.parse(notification(record("ObjectRestore:Completed", "2.1", "tenants/a/x", "01"),
        record("LifecycleTransition", "2.3", "tenants/a/y", "02")))).isEmpty();
  }

  @Test
  void whatIsNotANotificationIsRefusedWithAStableCode() {
    assertCode("not json", "NOT_JSON");
    assertCode("[1,2]", "NOT_JSON");
    assertCode("{\"hello\":\"world\"}", "NOT_S3_EVENT");
    assertCode(notification(record("ObjectCreated:Put", "1.0", "tenants/a/x", "01")), "EVENT_VERSION");
    assertCode(notification(record("ObjectCreated:Put", "3.0", "tenants/a/x", "01")), "EVENT_VERSION");
    assertCode(notification(record("ObjectCreated:Put", "2.1", "tenants/a/%zz", "01")), "MALFORMED_KEY");
    JsonObject noObject = record("ObjectCreated:Put", "2.1", "tenants/a/x", "01");
    noObject.getJsonObject("s3").remove("object");
    assertCode(notification(noObject), "MALFORMED_S3_EVENT");
    assertCode(new JsonObject().put("source", "aws.s3").put("detail-type", "Object Created")
        .put("detail", new JsonObject()).encode(), "MALFORMED_EVENTBRIDGE_EVENT");
  }

  private static void assertCode(String body, String code) {
    assertThatThrownBy(() -> S3Notifications.parse(body)).as(body).isInstanceOf(S3Notifications.Unreadable.class)
        .extracting(e -> ((S3Notifications.Unreadable) e).code()).isEqualTo(code);
  }

  /** The shared key-encoding samples: every encoded key decodes to its raw key. */
  @Test
  void everySharedKeyEncodingCaseDecodesToItsRawKey() throws IOException {
    Path root = sharedEvents();
    assumeTrue(root != null, "shared S3 event samples not found beside the repository");
    List<String> lines = Files.readAllLines(root.resolve("derived/key_encoding_cases.jsonl"));
    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      JsonObject c = new JsonObject(line);
      List<ObjectEvent> events = S3Notifications.parse(Files.readString(root.resolve(c.getString("file"))));
      assertThat(events).as(c.getString("file")).singleElement()
          .satisfies(e -> assertThat(e.key()).isEqualTo(c.getString("raw_key")));
    }
    for (String wrapped : List.of("derived/sqs_wrapped_s3_event.json", "derived/sns_to_sqs_wrapped_s3_event.json",
        "derived/sqs_wrapped_eventbridge_object_created.json")) {
      String body = new JsonObject(Files.readString(root.resolve(wrapped))).getJsonArray("Records").getJsonObject(0)
          .getString("body");
      assertThat(S3Notifications.parse(body)).as(wrapped).singleElement()
          .satisfies(e -> assertThat(e.kind()).isEqualTo(ObjectEvent.Kind.CREATED));
    }
    String test = new JsonObject(Files.readString(root.resolve("derived/sqs_wrapped_s3_test_event.json")))
        .getJsonArray("Records").getJsonObject(0).getString("body");
    assertThat(S3Notifications.parse(test)).isEmpty();
  }

  /** {@code shared/data/s3_events} beside the repository root, or null. */
  static Path sharedEvents() {
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/s3_events");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
