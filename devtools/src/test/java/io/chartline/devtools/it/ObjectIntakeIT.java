package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.events.DeadLetter;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.events.S3EventCodec;
import io.chartline.common.tenant.TenantId;
import io.chartline.devstack.TestStack;
import io.chartline.devtools.IntakeQueues;
import io.chartline.ingest.intake.ObjectIntake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Objects written into the bucket by other clients, announced by S3 event notifications on the
 * node's SQS queue (real ElasticMQ, S3 server behind the local endpoint that announces writes as S3
 * does, broker and database): an object under an active
 * tenant's prefix becomes an indexed, searchable document; redelivered and older events change
 * nothing; a newer version replaces the content; a removal deletes the document; objects of unknown
 * tenants are refused with a dead-letter record and an audit row; Chartline's own uploads are left
 * to the API's announcement; a message that is no notification reaches the dead-letter queue
 * through the redrive policy. Every handled message is deleted.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ObjectIntakeIT {

  static final String TENANT = "it-intake";
  static TestNode node;
  static Blocking api;
  static S3Client s3;
  static SqsClient sqs;
  static String queue;
  static String bucket;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start("intake");
    api = new Blocking(node);
    // the tenant becomes active with its first upload through the API
    api.awaitIndexed(node.token(TENANT, "clinician"), api.upload(node.token(TENANT, "clinician"), "text/plain",
        "Registration visit. The patient is new to the clinic and has no complaints today."));
    var settings = node.settings();
    s3 = S3Client.builder().endpointOverride(URI.create(settings.str("CHARTLINE_S3_ENDPOINT", null)))
        .forcePathStyle(true).region(Region.of(settings.str("CHARTLINE_S3_REGION", null)))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            settings.str("CHARTLINE_S3_ACCESS_KEY", null), settings.str("CHARTLINE_S3_SECRET_KEY", null))))
        .build();
    sqs = IntakeQueues.client(TestStack.get().sqs());
    queue = settings.str("CHARTLINE_SQS_QUEUE_URL", null);
    bucket = node.config().s3().bucket();
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
      sqs.close();
    }
    if (api != null) {
      api.close();
    }
    if (node != null) {
      node.close();
    }
  }

  /** The local S3 endpoint announces every write and removal, as S3 does: no test sends anything. */
  @Test
  void anObjectWrittenByAnotherClientIsIndexedFollowsItsNewestVersionAndGoesWhenRemoved() throws Exception {
    String token = node.token(TENANT, "clinician");
    String key = "tenants/" + TENANT + "/inbox/Follow-up (2) C++ note.txt";
    String id = ObjectIntake.documentId(TenantId.of(TENANT), bucket, key).toString();

    put(key, "Follow-up visit. Blood pressure is well controlled on lisinopril; continue the current dose.",
        Map.of("title", "Hypertension follow-up"));
    awaitDocument(token, id);
    api.awaitIndexed(token, id);
    JsonObject doc = api.document(token, id);
    assertThat(doc.getString("title")).isEqualTo("Hypertension follow-up");
    assertThat(Db.chunkIndexes(node, TENANT, id)).hasSize(doc.getInteger("chunk_count"));
    long first = generation(id);

    put(key, "Follow-up visit. Metformin was started for newly diagnosed type 2 diabetes; recheck HbA1c in three "
        + "months. " + "Diet and exercise counselling was given at length. ".repeat(40), Map.of());
    long deadline = System.currentTimeMillis() + 60_000;
    while (generation(id) == first && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    api.awaitIndexed(token, id);
    assertThat(generation(id)).as("the new version was parsed").isGreaterThan(first);
    JsonObject renewed = api.document(token, id);
    assertThat(renewed.getString("title")).as("the key's last segment without title metadata")
        .isEqualTo("Follow-up (2) C++ note.txt");
    assertThat(Db.chunkIndexes(node, TENANT, id)).hasSize(renewed.getInteger("chunk_count"));

    s3.deleteObject(r -> r.bucket(bucket).key(key));
    deadline = System.currentTimeMillis() + 60_000;
    while (!"deleted".equals(api.document(token, id).getString("status")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(api.document(token, id).getString("status")).isEqualTo("deleted");
    assertThat(Db.chunkIndexes(node, TENANT, id)).isEmpty();
    awaitQueueDrained();
  }

  /**
   * Redelivered and older events change nothing; a newer one is a new version. The sequencers sent
   * here start with {@code FF}, after every sequencer the local endpoint hands out.
   */
  @Test
  void aRedeliveredOrOlderEventChangesNothingAndANewerOneIsANewVersion() throws Exception {
    String token = node.token(TENANT, "clinician");
    String key = "tenants/" + TENANT + "/scans/discharge summary.txt";
    String id = ObjectIntake.documentId(TenantId.of(TENANT), bucket, key).toString();
    put(key, "Discharge summary. Admitted for community acquired pneumonia, treated with antibiotics, discharged "
        + "home in good condition with follow-up in one week.", Map.of());
    awaitDocument(token, id);
    api.awaitIndexed(token, id);
    long announced = generation(id);

    String newer = notification("ObjectCreated:Put", key, "FF0000000000000000000002");
    send(newer);
    long deadline = System.currentTimeMillis() + 60_000;
    while (generation(id) == announced && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    api.awaitIndexed(token, id);
    long parsed = generation(id);
    assertThat(parsed).as("a newer event is a new version").isGreaterThan(announced);
    int chunks = api.document(token, id).getInteger("chunk_count");

    send(newer);
    send(notification("ObjectCreated:Put", key, "FF0000000000000000000001"));
    send(notification("ObjectRemoved:Delete", key, "FF0000000000000000000001"));
    awaitQueueDrained();
    assertThat(api.document(token, id).getString("status")).isEqualTo("indexed");
    assertThat(generation(id)).as("no parse for a redelivered or older event").isEqualTo(parsed);
    assertThat(Db.chunkIndexes(node, TENANT, id)).hasSize(chunks);
  }

  @Test
  void anObjectOfAnUnknownTenantIsRefusedWithADeadLetterAndAnAuditRowAndTheMessageIsDeleted() throws Exception {
    String key = "tenants/no-such-clinic/inbox/x.txt";
    put(key, "Some text that no tenant owns.", Map.of());
    awaitQueueDrained();
    String expectedKey = ObjectIntake.documentId(TenantId.of("no-such-clinic"), bucket, key).toString();
    long deadline = System.currentTimeMillis() + 30_000;
    List<ConsumerRecord<String, byte[]>> dead = List.of();
    while (dead.isEmpty() && System.currentTimeMillis() < deadline) {
      dead = ResilienceIT.readAll(node, node.config().kafka().topics().deadLetters()).stream()
          .filter(r -> expectedKey.equals(r.key())).toList();
    }
    assertThat(dead).singleElement().satisfies(r -> {
      DeadLetter letter = DeadLetter.decode(r.value());
      assertThat(letter.stage()).isEqualTo("intake");
      assertThat(letter.reasonCode()).isEqualTo("TENANT_UNKNOWN");
    });
    deadline = System.currentTimeMillis() + 30_000;
    List<String> reasons = List.of();
    while (reasons.isEmpty() && System.currentTimeMillis() < deadline) {
      reasons = Db.auditReasons(node, "object.intake").toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      Thread.sleep(200);
    }
    assertThat(reasons).contains("TENANT_UNKNOWN");
  }

  @Test
  void chartlinesOwnUploadsAreLeftToTheApisAnnouncement() throws Exception {
    String token = node.token(TENANT, "clinician");
    String id = api.upload(token, "text/plain", "Annual check. No concerns were raised at this visit today.");
    api.awaitIndexed(token, id);
    long parsed = generation(id);
    send(notification("ObjectCreated:Put", ObjectKeys.documentKey(TenantId.of(TENANT), UUID.fromString(id)), "FF"));
    awaitQueueDrained();
    assertThat(generation(id)).as("not parsed again").isEqualTo(parsed);
  }

  @Test
  void aMessageThatIsNoNotificationReachesTheDeadLetterQueueThroughTheRedrivePolicy() throws Exception {
    String dlq = sqs.getQueueUrl(r -> r.queueName(IntakeQueues.queueName(node.config().db().database()) + "-dlq"))
        .queueUrl();
    sqs.sendMessage(r -> r.queueUrl(queue).messageBody("this is not an S3 event notification"));
    long deadline = System.currentTimeMillis() + 60_000;
    int moved = 0;
    while (moved == 0 && System.currentTimeMillis() < deadline) {
      moved = Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(dlq)
          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
          .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
      Thread.sleep(250);
    }
    assertThat(moved).as("the poison message is in the dead-letter queue").isEqualTo(1);
    awaitQueueDrained();
  }

  private static void put(String key, String text, Map<String, String> metadata) {
    s3.putObject(r -> r.bucket(bucket).key(key).contentType("text/plain").metadata(metadata),
        RequestBody.fromString(text, StandardCharsets.UTF_8));
  }

  private static String notification(String eventName, String key, String sequencer) {
    var head = eventName.startsWith("ObjectCreated") ? s3.headObject(r -> r.bucket(bucket).key(key)) : null;
    JsonObject object = new JsonObject().put("key", S3EventCodec.encodeKey(key)).put("sequencer", sequencer);
    if (head != null) {
      object.put("size", head.contentLength()).put("eTag", head.eTag().replace("\"", ""));
    }
    return new JsonObject().put("Records", new JsonArray().add(new JsonObject().put("eventVersion", "2.1")
        .put("eventSource", "aws:s3").put("awsRegion", "us-east-1").put("eventTime", "2026-12-01T10:00:00.000Z")
        .put("eventName", eventName).put("s3", new JsonObject().put("s3SchemaVersion", "1.0")
            .put("bucket", new JsonObject().put("name", bucket)).put("object", object)))).encode();
  }

  /** Waits until the intake has made the document (the notification travels on its own). */
  private static void awaitDocument(String token, String id) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (api.document(token, id).getString("status") == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
  }

  private static void send(String body) {
    sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
  }

  /** Waits until the queue holds no message, visible or in flight: every one was handled and deleted. */
  private static void awaitQueueDrained() throws InterruptedException {
    long deadline = System.currentTimeMillis() + Duration.ofSeconds(60).toMillis();
    int left = -1;
    while (System.currentTimeMillis() < deadline) {
      Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
          .attributes();
      left = Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
          + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
      if (left == 0) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(left).as("messages left in the intake queue").isZero();
  }

  private static long generation(String id) throws Exception {
    return node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(TENANT)).compose(x -> c.preparedQuery(
                "SELECT generation FROM documents WHERE document_id = $1").execute(Tuple.of(UUID.fromString(id)))))
        .map(rs -> rs.iterator().next().getLong(0))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
