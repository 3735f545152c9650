package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class S3IT {

  private static S3AsyncClient s3;

  @BeforeAll
  static void client() {
    s3 = TestClients.s3(TestStack.get().s3());
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Test
  void objectPutIntoCreatedBucketReadsBackTheSameBytes() throws Exception {
    String bucket = TestClients.unique("it-bucket");
    byte[] body = "clinical note, page 1".getBytes(StandardCharsets.UTF_8);
    s3.createBucket(b -> b.bucket(bucket)).get(30, TimeUnit.SECONDS);

    s3.putObject(b -> b.bucket(bucket).key("tenant-a/doc.txt"), AsyncRequestBody.fromBytes(body))
        .get(30, TimeUnit.SECONDS);
    byte[] read = s3.getObject(b -> b.bucket(bucket).key("tenant-a/doc.txt"), AsyncResponseTransformer.toBytes())
        .get(30, TimeUnit.SECONDS).asByteArray();

    assertThat(read).isEqualTo(body);
  }

  @Test
  void transientStoreAcceptsSseKmsHeaders() throws Exception {
    String bucket = TestClients.unique("it-kms");
    s3.createBucket(b -> b.bucket(bucket)).get(30, TimeUnit.SECONDS);

    s3.putObject(b -> b.bucket(bucket).key("k").serverSideEncryption(ServerSideEncryption.AWS_KMS)
        .ssekmsKeyId("alias/chartline-test"), AsyncRequestBody.fromString("sealed")).get(30, TimeUnit.SECONDS);
    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("k")).get(30, TimeUnit.SECONDS);

    assertThat(head.contentLength()).isEqualTo(6);
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
  }
}
