package io.chartline.devstack;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Clients of the real services, configured from what a {@link DevStack} reports. */
final class TestClients {

  private TestClients() {
  }

  /** A name no other test uses, lower case and safe for databases, topics, buckets and queues. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static PgConnectOptions pg(PostgresServer postgres, String database, String password) {
    return new PgConnectOptions().setHost(postgres.host()).setPort(postgres.port()).setDatabase(database)
        .setUser(postgres.superuser()).setPassword(password);
  }

  static Properties kafkaAdmin(KafkaServer kafka) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return props;
  }

  static Properties kafkaProducer(KafkaServer kafka) {
    Properties props = kafkaAdmin(kafka);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    return props;
  }

  static Properties kafkaConsumer(KafkaServer kafka) {
    Properties props = kafkaAdmin(kafka);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  static S3AsyncClient s3(S3Server s3) {
    return S3AsyncClient.builder()
        .endpointOverride(s3.endpoint())
        .forcePathStyle(true)
        .region(Region.of(s3.region()))
        .credentialsProvider(credentials(s3.accessKey(), s3.secretKey()))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .build();
  }

  static SqsAsyncClient sqs(SqsServer sqs) {
    return SqsAsyncClient.builder()
        .endpointOverride(sqs.endpoint())
        .region(Region.of(sqs.region()))
        .credentialsProvider(credentials(sqs.accessKey(), sqs.secretKey()))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .build();
  }

  /** The async KMS client (Netty, HTTP/1.1) as the application builds it; no retries, so failures show at once. */
  static KmsAsyncClient kmsAsync(LocalKms kms) {
    return KmsAsyncClient.builder()
        .endpointOverride(kms.endpoint())
        .region(Region.of(kms.region()))
        .credentialsProvider(credentials("AKIDEXAMPLE", "dummy-secret"))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The sync KMS client, the kind the AWS Encryption SDK's KmsMasterKeyProvider uses; no retries. */
  static KmsClient kmsSync(LocalKms kms) {
    return KmsClient.builder()
        .endpointOverride(kms.endpoint())
        .region(Region.of(kms.region()))
        .credentialsProvider(credentials("AKIDEXAMPLE", "dummy-secret"))
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static StaticCredentialsProvider credentials(String accessKey, String secretKey) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
  }
}
