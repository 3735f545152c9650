package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKey;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidAliasNameException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * {@link LocalKms} — the operations the product calls, and only those — through the real AWS SDK
 * v2 clients: {@link KmsAsyncClient} over Netty and the
 * sync {@link KmsClient} over Apache HttpClient 5, also inside the AWS Encryption SDK — started and
 * stopped by a {@link DevStack} that runs only KMS.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KmsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> CONTEXT = Map.of("tenant-id", "t-1", "purpose", "chunk");

  private static DevStack stack;
  private static LocalKms kms;
  private static KmsAsyncClient async;
  private static KmsClient sync;

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(new DevStackOptions(Files.createTempDirectory("chartline-kms-it"), false, false, false,
        false, false, true));
    kms = stack.kms();
    async = TestClients.kmsAsync(kms);
    sync = TestClients.kmsSync(kms);
  }

  @AfterAll
  static void stop() {
    if (async != null) {
      async.close();
    }
    if (sync != null) {
      sync.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void createdKeyAndAliasNameTheSameKeyWhereverAKeyIdGoes() {
    KeyMetadata created = sync.createKey(b -> b.description("tenant t-1")
        .tags(Tag.builder().tagKey("tenant").tagValue("t-1").build())).keyMetadata();
    String alias = "alias/" + TestClients.unique("it-tenant");
    sync.createAlias(b -> b.aliasName(alias).targetKeyId(created.keyId()));

    assertThat(created.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(created.arn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + created.keyId());
    assertThat(created.awsAccountId()).isEqualTo("000000000000");
    assertThat(created.keyState()).isEqualTo(KeyState.ENABLED);
    assertThat(created.enabled()).isTrue();
    assertThat(created.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
    assertThat(created.description()).isEqualTo("tenant t-1");
    assertThat(created.creationDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    for (String reference : List.of(created.keyId(), created.arn(), alias,
        "arn:aws:kms:us-east-1:000000000000:" + alias)) {
      assertThat(async.generateDataKey(b -> b.keyId(reference).keySpec(DataKeySpec.AES_256)).join().keyId())
          .as(reference).isEqualTo(created.arn());
    }

    assertThatThrownBy(() -> sync.createAlias(b -> b.aliasName(alias).targetKeyId(created.keyId())))
        .isInstanceOf(AlreadyExistsException.class);
    assertThatThrownBy(() -> sync.createAlias(b -> b.aliasName("alias/aws/reserved").targetKeyId(created.keyId())))
        .isInstanceOf(InvalidAliasNameException.class);
    assertThatThrownBy(() -> sync.generateDataKey(b -> b.keyId("arn:aws:kms:eu-west-1:000000000000:key/"
        + created.keyId()).keySpec(DataKeySpec.AES_256))).as("ARN of another region")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sync.generateDataKey(b -> b.keyId("alias/never-created").keySpec(DataKeySpec.AES_256)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sync.createKey(b -> b.keySpec(KeySpec.RSA_2048)))
        .isInstanceOf(software.amazon.awssdk.services.kms.model.UnsupportedOperationException.class);
  }

  @Test
  void generatedDataKeyDecryptsToTheSamePlaintextWithBothClients() {
    String keyId = newKey();
    String alias = "alias/" + TestClients.unique("it-dk");
    sync.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
    String arn = "arn:aws:kms:us-east-1:000000000000:key/" + keyId;

    GenerateDataKeyResponse dataKey = async.generateDataKey(b -> b.keyId(alias).keySpec(DataKeySpec.AES_256)
        .encryptionContext(CONTEXT)).join();
    GenerateDataKeyResponse other = async.generateDataKey(b -> b.keyId(alias).keySpec(DataKeySpec.AES_256)
        .encryptionContext(CONTEXT)).join();
    DecryptResponse withoutKeyId = sync.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())
        .encryptionContext(CONTEXT));
    DecryptResponse withAlias = async.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob())
        .encryptionContext(CONTEXT).keyId(alias)).join();

    assertThat(dataKey.keyId()).isEqualTo(arn);
    assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
    assertThat(other.plaintext().asByteArray()).isNotEqualTo(dataKey.plaintext().asByteArray());
    assertThat(withoutKeyId.plaintext().asByteArray()).isEqualTo(dataKey.plaintext().asByteArray());
    assertThat(withoutKeyId.keyId()).isEqualTo(arn);
    assertThat(withAlias.plaintext().asByteArray()).isEqualTo(dataKey.plaintext().asByteArray());

    // the canonical context does not depend on map order
    Map<String, String> reordered = new LinkedHashMap<>();
    reordered.put("purpose", "chunk");
    reordered.put("tenant-id", "t-1");
    assertThat(sync.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(reordered))
        .plaintext().asByteArray()).isEqualTo(dataKey.plaintext().asByteArray());

    var sixtyFour = sync.generateDataKey(b -> b.keyId(keyId).numberOfBytes(64));
    assertThat(sixtyFour.plaintext().asByteArray()).hasSize(64);
    assertThat(sync.decrypt(b -> b.ciphertextBlob(sixtyFour.ciphertextBlob())).plaintext().asByteArray())
        .isEqualTo(sixtyFour.plaintext().asByteArray());

    var aes128 = async.generateDataKey(b -> b.keyId(arn).keySpec(DataKeySpec.AES_128).encryptionContext(CONTEXT))
        .join();
    assertThat(sync.decrypt(b -> b.ciphertextBlob(aes128.ciphertextBlob()).encryptionContext(CONTEXT))
        .plaintext().asByteArray()).hasSize(16).isEqualTo(aes128.plaintext().asByteArray());

    assertThatThrownBy(() -> sync.generateDataKey(b -> b.keyId(keyId)))
        .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("ValidationException"));
    assertThatThrownBy(() -> sync.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32).keySpec(DataKeySpec.AES_256)))
        .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("ValidationException"));
  }

  @Test
  void decryptWithAnotherEncryptionContextOrAlteredBlobFails() {
    String keyId = newKey();
    SdkBytes blob = sync.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
        .encryptionContext(CONTEXT)).ciphertextBlob();

    Map<String, String> otherTenant = Map.of("tenant-id", "t-2", "purpose", "chunk");
    Map<String, String> extra = new LinkedHashMap<>(CONTEXT);
    extra.put("more", "x");
    for (Map<String, String> wrong : List.of(otherTenant, Map.of("tenant-id", "t-1"), extra, Map.<String, String>of())) {
      assertThatThrownBy(() -> sync.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(wrong))).as("context %s", wrong)
          .isInstanceOf(InvalidCiphertextException.class);
    }
    byte[] altered = blob.asByteArray();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> sync.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(altered))
        .encryptionContext(CONTEXT))).isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> sync.decrypt(b -> b.ciphertextBlob(SdkBytes.fromUtf8String("not a kms blob"))))
        .isInstanceOf(InvalidCiphertextException.class);
    assertThat(sync.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT)).plaintext().asByteArray())
        .as("the intact blob still opens").hasSize(32);
  }

  @Test
  void blobOfKeyADecryptedNamingKeyBFailsWithIncorrectKey() {
    String a = newKey();
    String b = newKey();
    GenerateDataKeyResponse dataKey = sync.generateDataKey(r -> r.keyId(a).keySpec(DataKeySpec.AES_256));
    SdkBytes blob = dataKey.ciphertextBlob();

    assertThatThrownBy(() -> sync.decrypt(r -> r.ciphertextBlob(blob).keyId(b)))
        .isInstanceOf(IncorrectKeyException.class);
    assertThatThrownBy(() -> async.decrypt(r -> r.ciphertextBlob(blob).keyId(b)).join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IncorrectKeyException.class);
    assertThat(sync.decrypt(r -> r.ciphertextBlob(blob).keyId(a)).plaintext().asByteArray())
        .isEqualTo(dataKey.plaintext().asByteArray());
  }

  @Test
  void scheduledDeletionBlocksEveryUseOfTheKey() {
    String keyId = newKey();
    SdkBytes blob = sync.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
        .encryptionContext(CONTEXT)).ciphertextBlob();
    for (int days : new int[] {6, 31}) {
      assertThatThrownBy(() -> sync.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(days))).as("%d days", days)
          .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("ValidationException"));
    }

    ScheduleKeyDeletionResponse scheduled = async.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7)).join();

    assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
    assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
    assertThat(scheduled.deletionDate()).isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.HOURS));
    assertThatThrownBy(() -> sync.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT)))
        .isInstanceOf(KmsInvalidStateException.class);
    assertThatThrownBy(() -> async.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT)).join())
        .hasCauseInstanceOf(KmsInvalidStateException.class);
    assertThatThrownBy(() -> sync.createAlias(b -> b.aliasName("alias/" + TestClients.unique("it-late"))
        .targetKeyId(keyId))).isInstanceOf(KmsInvalidStateException.class);
    assertThatThrownBy(() -> sync.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)))
        .isInstanceOf(KmsInvalidStateException.class);
    assertThatThrownBy(() -> sync.scheduleKeyDeletion(b -> b.keyId(keyId)))
        .as("already pending: the product treats this as done").isInstanceOf(KmsInvalidStateException.class);
  }

  @Test
  void completedDeletionShredsTheKeySoItsBlobsAreGoneForGood() {
    String keyId = newKey();
    String alias = "alias/" + TestClients.unique("it-shred");
    sync.createAlias(b -> b.aliasName(alias).targetKeyId(keyId));
    SdkBytes blob = sync.generateDataKey(b -> b.keyId(alias).keySpec(DataKeySpec.AES_256)
        .encryptionContext(CONTEXT)).ciphertextBlob();
    assertThatThrownBy(() -> kms.completeKeyDeletion(keyId)).as("not scheduled yet")
        .isInstanceOf(IllegalStateException.class);

    sync.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
    kms.completeKeyDeletion(alias);

    assertThatThrownBy(() -> sync.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sync.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT).keyId(keyId)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sync.generateDataKey(b -> b.keyId(alias).keySpec(DataKeySpec.AES_256)))
        .as("its alias is gone with it").isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> sync.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7)))
        .as("the product's repeated deletion finds nothing").isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> kms.completeKeyDeletion(keyId)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encryptionSdkSealsAndOpensThroughKmsMasterKeyProviderUntilTheKeyIsShredded() {
    String arn = sync.createKey(b -> b.description("esdk")).keyMetadata().arn();
    KmsMasterKeyProvider provider = KmsMasterKeyProvider.builder().customRegionalClientSupplier(region -> sync)
        .defaultRegion(Region.of(kms.region())).buildStrict(arn);
    AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
        .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY).build();
    byte[] chunk = "BP 120/80, no known allergies".getBytes(StandardCharsets.UTF_8);
    long generated = kms.calls("GenerateDataKey");
    long decrypted = kms.calls("Decrypt");

    CryptoResult<byte[], KmsMasterKey> sealed = crypto.encryptData(provider, chunk, Map.of("tenant-id", "t-1"));
    CryptoResult<byte[], KmsMasterKey> opened = crypto.decryptData(provider, sealed.getResult());

    assertThat(opened.getResult()).isEqualTo(chunk);
    assertThat(opened.getEncryptionContext()).containsEntry("tenant-id", "t-1");
    assertThat(opened.getMasterKeyIds()).containsExactly(arn);
    assertThat(kms.calls("GenerateDataKey") - generated).isEqualTo(1);
    assertThat(kms.calls("Decrypt") - decrypted).isEqualTo(1);

    sync.scheduleKeyDeletion(b -> b.keyId(arn).pendingWindowInDays(7));
    kms.completeKeyDeletion(arn);
    assertThatThrownBy(() -> crypto.decryptData(provider, sealed.getResult()))
        .as("a message whose key was shredded cannot be opened")
        .isInstanceOf(com.amazonaws.encryptionsdk.exception.AwsCryptoException.class);
  }

  @Test
  void operationsTheProductDoesNotCallAndUnsignedRequestsGetClearErrors() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> unknown = http.send(post("TrentService.NoSuchOperation", signature("us-east-1")),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> unsigned = http.send(post("TrentService.CreateKey", null), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> created = http.send(post("TrentService.CreateKey", signature("us-east-1")),
        HttpResponse.BodyHandlers.ofString());

    assertThat(unknown.statusCode()).isEqualTo(400);
    JsonNode unknownBody = JSON.readTree(unknown.body());
    assertThat(unknownBody.path("__type").asText()).isEqualTo("UnknownOperationException");
    assertThat(unknownBody.path("message").asText()).contains("TrentService.NoSuchOperation");
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unsigned.body()).path("__type").asText()).isEqualTo("MissingAuthenticationTokenException");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(JSON.readTree(created.body()).path("KeyMetadata").path("Arn").asText()).startsWith("arn:aws:kms:");

    assertThat(kms.implementedOperations()).as("exactly what the product calls").containsExactly("CreateAlias",
        "CreateKey", "Decrypt", "GenerateDataKey", "ScheduleKeyDeletion");
    String keyId = newKey();
    assertThatThrownBy(() -> sync.sign(b -> b.keyId(keyId).message(SdkBytes.fromUtf8String("m"))
        .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)))
        .isInstanceOfSatisfying(KmsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
          assertThat(e.awsErrorDetails().errorMessage()).contains("TrentService.Sign");
        });
    assertThatThrownBy(() -> sync.describeKey(b -> b.keyId(keyId))).as("not called by the product")
        .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("UnknownOperationException"));
    assertThatThrownBy(() -> sync.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("m"))))
        .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("UnknownOperationException"));
    try (KmsClient otherRegion = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build()) {
      assertThatThrownBy(() -> otherRegion.createKey(b -> b.description("x"))).isInstanceOfSatisfying(KmsException.class, e -> {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(e.awsErrorDetails().errorMessage()).contains("us-east-1").contains("eu-west-1");
      });
    }
  }

  @Test
  void countersCountEveryCallPerOperationUntilReset() {
    String keyId = newKey();
    String doomed = newKey();
    kms.resetCounters();

    List<CompletableFuture<GenerateDataKeyResponse>> keys = List.of(
        async.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT)),
        async.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT)),
        async.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT)));
    SdkBytes blob = keys.get(0).join().ciphertextBlob();
    keys.forEach(CompletableFuture::join);
    sync.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(CONTEXT));
    assertThatThrownBy(() -> sync.decrypt(b -> b.ciphertextBlob(blob))).isInstanceOf(InvalidCiphertextException.class);
    sync.scheduleKeyDeletion(b -> b.keyId(doomed).pendingWindowInDays(7));

    assertThat(kms.calls("GenerateDataKey")).isEqualTo(3);
    assertThat(kms.calls("Decrypt")).as("failed calls count too").isEqualTo(2);
    assertThat(kms.calls("ScheduleKeyDeletion")).isEqualTo(1);
    assertThat(kms.calls("CreateKey")).as("before the reset").isZero();
    assertThat(kms.totalCalls()).isEqualTo(6);
    assertThat(kms.callCounts()).containsExactlyInAnyOrderEntriesOf(
        Map.of("GenerateDataKey", 3L, "Decrypt", 2L, "ScheduleKeyDeletion", 1L));

    kms.resetCounters();
    assertThat(kms.totalCalls()).isZero();
    assertThat(kms.callCounts()).isEmpty();
  }

  @Test
  void stackCloseStopsTheEndpointAndEveryThreadItStarted() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    DevStack own = DevStack.start(new DevStackOptions(Files.createTempDirectory("chartline-kms-it"), false, false,
        false, false, false).withKms(true));
    URI endpoint = own.kms().endpoint();
    try (KmsClient client = TestClients.kmsSync(own.kms())) {
      client.createKey(b -> b.description("lifecycle"));
    }
    Set<Thread> started = serverThreadsSince(before);

    own.close();
    for (Thread thread : started) {
      thread.join(5_000); // a cancelled Timer's thread ends just after close() returns
    }

    assertThat(started).as("server threads started").isNotEmpty().allMatch(Thread::isDaemon);
    assertThat(started.stream().filter(Thread::isAlive).map(Thread::getName).toList()).as("alive after close")
        .isEmpty();
    assertThat(own.kms()).isNotNull();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    own.close(); // idempotent
    own.kms().close();
  }

  @Test
  void standaloneEndpointStartedFromAnOrdinaryThreadRunsOnlyDaemonThreadsAndStopsThemOnClose() throws Exception {
    assertThat(Thread.currentThread().isDaemon()).as("precondition: a non-daemon caller").isFalse();
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    LocalKms standalone = LocalKms.start("eu-central-1");
    try (KmsClient client = TestClients.kmsSync(standalone)) {
      assertThat(client.createKey(b -> b.description("standalone")).keyMetadata().arn())
          .startsWith("arn:aws:kms:eu-central-1:000000000000:key/");
    }
    Set<Thread> started = serverThreadsSince(before);

    standalone.close();
    for (Thread thread : started) {
      thread.join(5_000);
    }

    assertThat(started).isNotEmpty().allMatch(Thread::isDaemon);
    assertThat(started.stream().filter(Thread::isAlive).map(Thread::getName).toList()).isEmpty();
    assertThatThrownBy(() -> LocalKms.start("not a region")).isInstanceOf(IllegalArgumentException.class);
  }

  private static String newKey() {
    return sync.createKey(b -> b.description("it")).keyMetadata().keyId();
  }

  private static Set<Thread> serverThreadsSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .filter(thread -> thread.getName().startsWith(LocalKms.THREAD_PREFIX)
            || thread.getName().startsWith("HTTP-Dispatcher") || thread.getName().startsWith("server-timer"))
        .collect(Collectors.toSet());
  }

  private static String signature(String region) {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/" + region + "/kms/aws4_request, "
        + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000";
  }

  private static HttpRequest post(String target, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(kms.endpoint().resolve("/"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", target)
        .POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }
}
