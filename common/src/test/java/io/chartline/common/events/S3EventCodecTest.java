package io.chartline.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code docs.uploaded.v1}: Chartline's own events, plain S3 notifications, key encoding and rejections. */
class S3EventCodecTest {

  static final TenantId TENANT = TenantId.of("demo-clinic");
  static final UUID DOC = UUID.fromString("3f2c9a4e-8b1d-4c6f-9e2a-5d7b0c1e4f3a");
  static final UUID DOC2 = UUID.fromString("0c4e2a6b-1d3f-4b5a-8e7c-9a2b4d6f8e1c");
  static final String KEY = ObjectKeys.documentKey(TENANT, DOC);
  static final Instant TIME = Instant.parse("2025-03-11T14:07:45.120Z");

  /** A native S3 ObjectCreated:Put record shaped like the AWS documentation example, with {@code key} as sent. */
  static JsonObject s3Record(String eventKey) {
    return new JsonObject()
        .put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-west-2")
        .put("eventTime", "1970-01-01T00:00:00.000Z").put("eventName", "ObjectCreated:Put")
        .put("userIdentity", new JsonObject().put("principalId", "AIDAJDPLRKLG7UEXAMPLE"))
        .put("requestParameters", new JsonObject().put("sourceIPAddress", "127.0.0.1"))
        .put("responseElements", new JsonObject().put("x-amz-request-id", "C3D13FE58DE4C810"))
        .put("s3", new JsonObject()
            .put("s3SchemaVersion", "1.0").put("configurationId", "testConfigRule")
            .put("bucket", new JsonObject().put("name", "mybucket")
                .put("ownerIdentity", new JsonObject().put("principalId", "A3NL1KOZZKExample"))
                .put("arn", "arn:aws:s3:::mybucket"))
            .put("object", new JsonObject().put("key", eventKey).put("size", 1024)
                .put("eTag", "d41d8cd98f00b204e9800998ecf8427e")
                .put("versionId", "096fKKXTRTtl3on89fVO.nfljtsv6qko")
                .put("sequencer", "0055AED6DCD90281E5")));
  }

  static byte[] bytes(JsonObject o) {
    return o.encode().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Decoding fails as an undecodable record (permanent, dead-lettered), not as anything else. */
  static void assertUndecodable(byte[] payload) {
    assertThatThrownBy(() -> S3EventCodec.decode(payload))
        .isInstanceOf(EventDecodeException.class)
        .extracting(e -> ((ChartlineException) e).code()).isEqualTo(ErrorCode.UNDECODABLE_RECORD);
  }

  // ---- round trip -------------------------------------------------------------------------------

  /** Every field of an uploaded object survives encode → decode, and the key in the event reads as the stored key. */
  @Test
  void encodeThenDecodeReturnsTheSameObject() {
    UploadedObject in = new UploadedObject("ObjectCreated:Put", "chartline-documents", KEY, 52_113L,
        "\"9b2cf535f27731c974343645a3985328\"", "v-17", TENANT, DOC, "application/pdf");

    byte[] payload = S3EventCodec.encode(in, "eu-central-1", TIME);
    List<UploadedObject> out = S3EventCodec.decode(payload);

    assertThat(out).containsExactly(in);
    JsonObject json = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    JsonObject record = json.getJsonArray("Records").getJsonObject(0);
    assertThat(record.getString("eventTime")).isEqualTo("2025-03-11T14:07:45.120Z");
    assertThat(record.getString("awsRegion")).isEqualTo("eu-central-1");
    assertThat(record.getJsonObject("s3").getJsonObject("object").getString("key")).isEqualTo(KEY);
    assertThat(json.getJsonObject("chartline").getString("tenantId")).isEqualTo("demo-clinic");
    assertThat(json.getJsonObject("chartline").getString("documentId")).isEqualTo(DOC.toString());
  }

  /** Optional fields (eTag, versionId, content type) left null stay null after a round trip. */
  @Test
  void roundTripKeepsAbsentOptionalFieldsAbsent() {
    UploadedObject in = new UploadedObject("ObjectCreated:CompleteMultipartUpload", "b-1", KEY, 0L, null, null,
        TENANT, DOC, null);

    UploadedObject out = S3EventCodec.decode(S3EventCodec.encode(in, "us-east-1", TIME)).get(0);

    assertThat(out).isEqualTo(in);
    assertThat(out.created()).isTrue();
  }

  // ---- plain S3 notifications --------------------------------------------------------------------

  /** A native S3 notification (no chartline block) with a tenant-scoped key yields tenant and document from the key. */
  @Test
  void decodesAPlainS3NotificationFromItsTenantScopedKey() {
    byte[] payload = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(KEY))));

    List<UploadedObject> out = S3EventCodec.decode(payload);

    assertThat(out).containsExactly(new UploadedObject("ObjectCreated:Put", "mybucket", KEY, 1024L,
        "d41d8cd98f00b204e9800998ecf8427e", "096fKKXTRTtl3on89fVO.nfljtsv6qko", TENANT, DOC, null));
  }

  /** An S3-compatible store that encodes slashes as %2F still yields the tenant-scoped key. */
  @Test
  void decodesAKeyWhoseSlashesArePercentEncoded() {
    String minioStyle = KEY.replace("/", "%2F");
    byte[] payload = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(minioStyle))));

    UploadedObject out = S3EventCodec.decode(payload).get(0);

    assertThat(out.key()).isEqualTo(KEY);
    assertThat(out.tenant()).isEqualTo(TENANT);
    assertThat(out.documentId()).isEqualTo(DOC);
  }

  /** The official AWS documentation example decodes when only its key is replaced by a tenant-scoped one. */
  @Test
  void decodesTheOfficialAwsExampleWithATenantScopedKey() {
    Optional<Path> file = SharedS3Events.file("official_docs/s3_ObjectCreated_Put_v2.1.json");
    assumeThat(file).as(SharedS3Events.ABSENT).isPresent();
    JsonObject event = new JsonObject(new String(SharedS3Events.bytes(file.get()), StandardCharsets.UTF_8));
    event.getJsonArray("Records").getJsonObject(0).getJsonObject("s3").getJsonObject("object").put("key", KEY);

    UploadedObject out = S3EventCodec.decode(bytes(event)).get(0);

    assertThat(out.tenant()).isEqualTo(TENANT);
    assertThat(out.documentId()).isEqualTo(DOC);
    assertThat(out.eventName()).isEqualTo("ObjectCreated:Put");
    assertThat(out.contentType()).isNull();
  }

  /** A plain notification with several tenant-scoped records decodes every record, in order. */
  @Test
  void decodesEveryRecordOfAPlainMultiRecordNotification() {
    String key2 = ObjectKeys.documentKey(TenantId.of("other-clinic"), DOC2);
    byte[] payload = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(KEY)).add(s3Record(key2))));

    List<UploadedObject> out = S3EventCodec.decode(payload);

    assertThat(out).extracting(UploadedObject::tenant, UploadedObject::documentId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(TENANT, DOC),
            org.assertj.core.groups.Tuple.tuple(TenantId.of("other-clinic"), DOC2));
  }

  // ---- key encoding -----------------------------------------------------------------------------

  /** Event keys are URL-decoded exactly once: '+' is a space, %2B a plus, %25 a percent sign. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "red+flower.jpg                 | red flower.jpg",
      "this+im+%2B+age                | this im + age",
      "%2F                            | /",
      "100%25_complete.pdf            | 100%_complete.pdf",
      "%252F                          | %2F",
      "C%2B%2B+%26+Co%3B+draft+%232%3F | C++ & Co; draft #2?",
      "scans/%C3%9Cberweisung+M%C3%A4rz | scans/Überweisung März",
      "a/b/../c/./d.pdf               | a/b/../c/./d.pdf",
  })
  void decodesEventKeysExactlyOnce(String eventKey, String expected) {
    assertThat(S3EventCodec.decodeKey(eventKey)).isEqualTo(expected);
  }

  /** Every case of the shared key-encoding table decodes to its raw key, and encodes back to the AWS form. */
  @Test
  void decodesTheSharedKeyEncodingCasesExactlyOnce() {
    Optional<Path> jsonl = SharedS3Events.file("derived/key_encoding_cases.jsonl");
    assumeThat(jsonl).as(SharedS3Events.ABSENT).isPresent();
    List<SharedS3Events.KeyCase> cases = SharedS3Events.keyCases(jsonl.get());
    assertThat(cases).isNotEmpty();

    SoftAssertions soft = new SoftAssertions();
    for (SharedS3Events.KeyCase c : cases) {
      soft.assertThat(S3EventCodec.decodeKey(c.eventKey())).as(c.file()).isEqualTo(c.rawKey());
      soft.assertThat(S3EventCodec.decodeKey(S3EventCodec.encodeKey(c.rawKey()))).as(c.file()).isEqualTo(c.rawKey());
      if (!c.slashEncoded()) {
        soft.assertThat(S3EventCodec.encodeKey(c.rawKey())).as("AWS encoding of " + c.file()).isEqualTo(c.eventKey());
      }
    }
    soft.assertAll();
  }

  /** Every shared single-record sample has a key outside the tenant layout, so decoding rejects it as undecodable. */
  @Test
  void rejectsTheSharedSamplesWhoseKeysAreNotTenantScoped() {
    Optional<Path> jsonl = SharedS3Events.file("derived/key_encoding_cases.jsonl");
    assumeThat(jsonl).as(SharedS3Events.ABSENT).isPresent();
    List<SharedS3Events.KeyCase> cases = SharedS3Events.keyCases(jsonl.get());
    int checked = 0;
    for (SharedS3Events.KeyCase c : cases) {
      Optional<Path> sample = SharedS3Events.file(c.file());
      if (sample.isPresent()) {
        assertUndecodable(SharedS3Events.bytes(sample.get()));
        checked++;
      }
    }
    assertThat(checked).as("sample files found").isPositive();
  }

  /** {@code encodeKey} then {@code decodeKey} gives back the key for keys with reserved, percent and non-ASCII characters. */
  @ParameterizedTest
  @ValueSource(strings = {"a b+c", "100%", "%2F", "%252F", "+", " ", "  leading and trailing  ", "ü/日本語/ñ.pdf",
      "a&b=c?d#e;f:g@h", "~*'()!$,[]", "tab\there\nnewline", "🩺 stethoscope", "tenants/demo-clinic/documents/x",
      "a//b///c/"})
  void encodeThenDecodeIsIdentity(String key) {
    String encoded = S3EventCodec.encodeKey(key);
    assertThat(encoded).doesNotContain(" ");
    assertThat(S3EventCodec.decodeKey(encoded)).isEqualTo(key);
  }

  /** A key with a broken percent escape is undecodable rather than an unchecked exception. */
  @ParameterizedTest
  @ValueSource(strings = {"tenants%2", "tenants%zz/x", "%"})
  void rejectsKeysWithBrokenPercentEscapes(String eventKey) {
    assertThatThrownBy(() -> S3EventCodec.decodeKey(eventKey)).isInstanceOf(EventDecodeException.class);
  }

  // ---- test events and shared samples -----------------------------------------------------------

  /** The s3:TestEvent S3 sends when a notification is configured decodes to no objects. */
  @Test
  void aTestEventDecodesToNothing() {
    byte[] payload = bytes(new JsonObject().put("Service", "Amazon S3").put("Event", "s3:TestEvent")
        .put("Time", "2014-10-13T15:57:02.089Z").put("Bucket", "bucketname").put("RequestId", "5582815E1AEA5ADF"));

    assertThat(S3EventCodec.decode(payload)).isEmpty();
  }

  /** The official AWS s3:TestEvent sample decodes to no objects. */
  @Test
  void theOfficialTestEventSampleDecodesToNothing() {
    Optional<Path> file = SharedS3Events.file("official_docs/s3_test_event.json");
    assumeThat(file).as(SharedS3Events.ABSENT).isPresent();

    assertThat(S3EventCodec.decode(SharedS3Events.bytes(file.get()))).isEmpty();
  }

  /** The shared multi-record sample and the official Put example carry non-tenant keys: undecodable. */
  @ParameterizedTest
  @ValueSource(strings = {"derived/multi_record_event.json", "official_docs/s3_ObjectCreated_Put_v2.1.json",
      "derived/duplicate_delivery_same_sequencer.json"})
  void rejectsSharedSamplesWithKeysOutsideTheTenantLayout(String relative) {
    Optional<Path> file = SharedS3Events.file(relative);
    assumeThat(file).as(SharedS3Events.ABSENT).isPresent();

    assertUndecodable(SharedS3Events.bytes(file.get()));
  }

  /** SQS envelopes (even around a test event) are not unwrapped, so they are rejected rather than misread. */
  @ParameterizedTest
  @ValueSource(strings = {"derived/sqs_wrapped_s3_event.json", "derived/sqs_wrapped_s3_test_event.json"})
  void rejectsSqsWrappedSamples(String relative) {
    Optional<Path> file = SharedS3Events.file(relative);
    assumeThat(file).as(SharedS3Events.ABSENT).isPresent();

    assertUndecodable(SharedS3Events.bytes(file.get()));
  }

  // ---- tenancy ----------------------------------------------------------------------------------

  /** A chartline block naming another tenant than the key fails with TENANT_MISMATCH, carrying the key's tenant. */
  @Test
  void aChartlineBlockForAnotherTenantIsATenantMismatch() {
    byte[] payload = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(KEY)))
        .put("chartline", new JsonObject().put("tenantId", "other-clinic").put("documentId", DOC.toString())));

    assertThatThrownBy(() -> S3EventCodec.decode(payload))
        .isInstanceOf(ChartlineException.class)
        .isNotInstanceOf(EventDecodeException.class)
        .satisfies(e -> {
          assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_MISMATCH);
          assertThat(((ChartlineException) e).tenant()).isEqualTo(TENANT);
        });
  }

  /** A chartline block naming another document than the key also fails with TENANT_MISMATCH. */
  @Test
  void aChartlineBlockForAnotherDocumentIsATenantMismatch() {
    byte[] payload = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(KEY)))
        .put("chartline", new JsonObject().put("tenantId", TENANT.value()).put("documentId", DOC2.toString())));

    assertThatThrownBy(() -> S3EventCodec.decode(payload))
        .isInstanceOf(ChartlineException.class)
        .extracting(e -> ((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_MISMATCH);
  }

  /**
   * An object another client wrote under the tenant's prefix (announced by the intake) keeps its key
   * and takes its document id from the block; the same block for a key under another tenant's
   * prefix, or outside every tenant, is a tenant mismatch.
   */
  @Test
  void aForeignObjectUnderTheTenantsPrefixTakesItsDocumentFromTheBlock() {
    String foreign = "tenants/" + TENANT.value() + "/inbox/Discharge Summary (1).pdf";
    byte[] ok = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(S3EventCodec.encodeKey(foreign))))
        .put("chartline", new JsonObject().put("tenantId", TENANT.value()).put("documentId", DOC2.toString())));
    UploadedObject o = S3EventCodec.decode(ok).get(0);
    assertThat(o.key()).isEqualTo(foreign);
    assertThat(o.tenant()).isEqualTo(TENANT);
    assertThat(o.documentId()).isEqualTo(DOC2);

    for (String other : new String[] {"tenants/other-clinic/inbox/a.pdf", "inbox/a.pdf",
        "tenants/" + TENANT.value() + "-x/a.pdf"}) {
      byte[] bad = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(S3EventCodec.encodeKey(other))))
          .put("chartline", new JsonObject().put("tenantId", TENANT.value()).put("documentId", DOC2.toString())));
      assertThatThrownBy(() -> S3EventCodec.decode(bad)).as(other).isInstanceOf(ChartlineException.class)
          .extracting(e -> ((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_MISMATCH);
    }
  }

  /** A chartline block describes one record, so a block with several records is undecodable. */
  @Test
  void aChartlineBlockWithSeveralRecordsIsUndecodable() {
    byte[] payload = bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(KEY)).add(s3Record(KEY)))
        .put("chartline", new JsonObject().put("tenantId", TENANT.value()).put("documentId", DOC.toString())));

    assertUndecodable(payload);
  }

  // ---- malformed payloads -----------------------------------------------------------------------

  /** Empty, non-JSON, non-object payloads and payloads without a usable Records array are undecodable. */
  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "not json", "[]", "null", "42", "\"Records\"", "{}", "{\"Records\":[]}",
      "{\"Records\":null}", "{\"Records\":\"x\"}", "{\"Records\":{}}", "{\"Records\":[1]}", "{\"Records\":[{}]}",
      "{\"Event\":\"s3:OtherEvent\"}"})
  void rejectsMalformedPayloads(String payload) {
    assertUndecodable(bytes(payload));
  }

  /** A null payload (Kafka tombstone) is undecodable. */
  @Test
  void rejectsANullPayload() {
    assertUndecodable(null);
  }

  /** Records missing their event name, bucket, object or key are undecodable. */
  @Test
  void rejectsRecordsMissingRequiredFields() {
    JsonObject noName = s3Record(KEY);
    noName.remove("eventName");
    JsonObject noBucket = s3Record(KEY);
    noBucket.getJsonObject("s3").remove("bucket");
    JsonObject noObject = s3Record(KEY);
    noObject.getJsonObject("s3").remove("object");
    JsonObject noKey = s3Record(KEY);
    noKey.getJsonObject("s3").getJsonObject("object").remove("key");
    JsonObject emptyKey = s3Record("");

    for (JsonObject record : List.of(noName, noBucket, noObject, noKey, emptyKey)) {
      assertUndecodable(bytes(new JsonObject().put("Records", new JsonArray().add(record))));
    }
  }

  /** A chartline block missing its tenant or document id is undecodable. */
  @Test
  void rejectsAnIncompleteChartlineBlock() {
    for (JsonObject block : List.of(new JsonObject().put("documentId", DOC.toString()),
        new JsonObject().put("tenantId", TENANT.value()))) {
      assertUndecodable(bytes(new JsonObject().put("Records", new JsonArray().add(s3Record(KEY))).put("chartline", block)));
    }
  }
}
