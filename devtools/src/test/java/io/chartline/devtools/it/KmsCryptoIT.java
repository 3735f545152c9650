package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.exception.AwsCryptoException;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import io.chartline.common.events.ChunkBatch;
import io.chartline.common.events.ObjectKeys;
import io.chartline.common.tenant.TenantId;
import io.chartline.devstack.LocalKms;
import io.chartline.devstack.TestStack;
import io.chartline.esdk.EsdkTenantCrypto;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Tenant keys in KMS ({@code CHARTLINE_CRYPTO_PROVIDER=aws-kms}), with the real AWS SDK clients
 * against the wire-compatible local KMS: a KMS key per tenant, data keys cached per document,
 * SSE-KMS on stored objects, and deletion that KMS enforces.
 */
class KmsCryptoIT {

  static final String TENANT = "it-kms";

  @Test
  void tenantKeysLiveInKmsAndDeletionShredsThem() throws Exception {
    LocalKms kms = TestStack.get().kms();
    Map<String, String> settings = Map.of("CHARTLINE_CRYPTO_PROVIDER", "aws-kms",
        "CHARTLINE_KMS_ENDPOINT", kms.endpoint().toString(), "CHARTLINE_KMS_REGION", kms.region(),
        "CHARTLINE_KMS_ACCESS_KEY", kms.accessKey(), "CHARTLINE_KMS_SECRET_KEY", kms.secretKey(),
        "CHARTLINE_KMS_ALIAS_PREFIX", "chartline-it-" + UUID.randomUUID().toString().substring(0, 8));
    try (TestNode node = TestNode.start(TestNode.isolatedSettings("kms", settings), EnumSet.allOf(Role.class),
        DevKeys.generate()); Blocking api = new Blocking(node)) {
      String token = node.token(TENANT, "clinician");
      long dataKeysBefore = kms.calls("GenerateDataKey");
      List<String> docs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        docs.add(api.upload(token, "text/plain", Texts.note(70 + i, 25)));
      }
      for (String d : docs) {
        api.awaitIndexed(token, d);
      }
      // one data key per document (object, title and chunks share it), not one per chunk
      assertThat(kms.calls("GenerateDataKey") - dataKeysBefore).isEqualTo(3);
      HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.port() + "/v1/search"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"follow-up plan\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(new JsonObject(search.body()).getJsonArray("results")).isNotEmpty();

      String arn = keyRef(node);
      assertThat(arn).startsWith("arn:aws:kms:" + kms.region() + ":");
      try (S3Client s3 = S3Client.builder().endpointOverride(node.config().s3().endpoint()).forcePathStyle(true)
          .region(Region.of(node.config().s3().region())).credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(node.config().s3().accessKey(), node.config().s3().secretKey()))).build()) {
        HeadObjectResponse head = s3.headObject(r -> r.bucket(node.config().s3().bucket())
            .key(ObjectKeys.documentKey(TenantId.of(TENANT), UUID.fromString(docs.get(0)))));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo(arn);
      }

      ConsumerRecord<String, byte[]> record = ResilienceIT.readAll(node, node.config().kafka().topics().chunks())
          .stream().filter(r -> r.key().equals(docs.get(0))).findFirst().orElseThrow();
      byte[] sealed = ChunkBatch.decode(record.value()).chunks().get(0).sealed().message();
      try (KmsClient client = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(kms.accessKey(),
              kms.secretKey()))).build()) {
        KmsMasterKeyProvider provider = KmsMasterKeyProvider.builder().defaultRegion(Region.of(kms.region()))
            .customRegionalClientSupplier(r -> client).buildStrict(arn);
        assertThat(EsdkTenantCrypto.awsCrypto().decryptData(provider, sealed).getResult()).isNotEmpty();

        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.port() + "/v1/admin/tenants/" + TENANT))
            .header("Authorization", "Bearer " + node.token("platform", "super_admin"))
            .header("Content-Type", "application/json")
            .method("DELETE", HttpRequest.BodyPublishers.ofString(new JsonObject()
                .put("reason", "KMS shredding check").put("confirm_tenant_id", TENANT).encode())).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
        assertThat(TenantAdminIT.awaitDeletion(node, TENANT, "completed").getString("state")).isEqualTo("completed");
        // pending deletion: KMS refuses the key at once; after the window it is gone for good
        assertThatThrownBy(() -> EsdkTenantCrypto.awsCrypto().decryptData(provider, sealed))
            .isInstanceOf(AwsCryptoException.class);
        kms.completeKeyDeletion(arn);
        assertThatThrownBy(() -> EsdkTenantCrypto.awsCrypto().decryptData(provider, sealed))
            .isInstanceOf(AwsCryptoException.class);
      }
    }
  }

  static String keyRef(TestNode node) throws Exception {
    return node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(TENANT)).compose(x -> c.query(
                "SELECT provider, key_ref FROM tenant_keys WHERE version = 1").execute()))
        .map(rs -> {
          var row = rs.iterator().next();
          assertThat(row.getString("provider")).isEqualTo("aws-kms");
          return row.getString("key_ref");
        })
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
