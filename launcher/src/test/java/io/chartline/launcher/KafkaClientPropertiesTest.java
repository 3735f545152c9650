package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.events.Topics;
import io.chartline.common.kafka.KafkaClientConfigs;
import io.chartline.common.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka client properties from configuration: MSK IAM, TLS and SCRAM authentication, the
 * pass-through of other properties, and Chartline's own settings that no deployment can change.
 */
class KafkaClientPropertiesTest {

  static KafkaSettings kafka(Map<String, String> extra) {
    return new KafkaSettings("b-1.msk.example:9098", new Topics(""), 4, (short) 3, Duration.ofSeconds(5),
        Duration.ofSeconds(30), 50, Duration.ofMillis(500), "none", extra);
  }

  @Test
  void iamSetsSaslSslWithTheMskLoginModuleAStaticSessionNameAndASlowReconnect() throws Exception {
    Map<String, String> extra = KafkaClientProperties.from(new Settings(Map.of("CHARTLINE_KAFKA_AUTH", "iam")));
    Map<String, String> producer = KafkaClientConfigs.producer(kafka(extra), "p");

    assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
        .containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
    assertThat(producer.get("sasl.jaas.config")).isEqualTo(
        "software.amazon.msk.auth.iam.IAMLoginModule required awsRoleSessionName=\"chartline\";");
    assertThat(Long.parseLong(producer.get("reconnect.backoff.ms"))).isGreaterThanOrEqualTo(1000);
    assertThat(KafkaClientConfigs.consumer(kafka(extra), "g", "c")).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("enable.auto.commit", "false");
    assertThat(KafkaClientConfigs.admin(kafka(extra))).containsEntry("sasl.mechanism", "AWS_MSK_IAM");
    // the classes the properties name are on the production classpath
    Class.forName("software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    Class.forName("software.amazon.msk.auth.iam.IAMLoginModule");
  }

  @Test
  void otherPropertiesPassThroughWithTheirNamesAndTuningMayBeChanged() {
    Map<String, String> extra = KafkaClientProperties.from(new Settings(Map.of(
        "CHARTLINE_KAFKA_AUTH", "tls",
        "CHARTLINE_KAFKA_PROPERTY_SSL_TRUSTSTORE_LOCATION", "/etc/ssl/kafka.jks",
        "CHARTLINE_KAFKA_PROPERTY_LINGER_MS", "5",
        "CHARTLINE_KAFKA_PROPERTY_CLIENT_DNS_LOOKUP", "use_all_dns_ips")));
    Map<String, String> producer = KafkaClientConfigs.producer(kafka(extra), "p");

    assertThat(producer).containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/etc/ssl/kafka.jks")
        .containsEntry("linger.ms", "5").containsEntry("client.dns.lookup", "use_all_dns_ips");
  }

  @Test
  void thePipelinesGuaranteesCannotBeTurnedOffByAProperty() {
    for (String name : new String[] {"ACKS", "ENABLE_IDEMPOTENCE", "ENABLE_AUTO_COMMIT", "MAX_BLOCK_MS",
        "VALUE_DESERIALIZER", "BOOTSTRAP_SERVERS"}) {
      assertThatThrownBy(() -> KafkaClientProperties.from(new Settings(Map.of(
          "CHARTLINE_KAFKA_PROPERTY_" + name, "x")))).as(name).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CHARTLINE_KAFKA_PROPERTY_" + name);
    }
    // and the settings still hold when the extra map names them anyway
    Map<String, String> producer = KafkaClientConfigs.producer(kafka(Map.of("acks", "0", "enable.idempotence",
        "false")), "p");
    assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
    assertThat(KafkaClientConfigs.consumer(kafka(Map.of("enable.auto.commit", "true")), "g", "c"))
        .containsEntry("enable.auto.commit", "false");
  }

  @Test
  void scramNeedsItsCredentialsAndAnUnknownAuthIsRefused() {
    assertThatThrownBy(() -> KafkaClientProperties.from(new Settings(Map.of("CHARTLINE_KAFKA_AUTH", "scram"))))
        .hasMessageContaining("CHARTLINE_KAFKA_USERNAME");
    Map<String, String> scram = KafkaClientProperties.from(new Settings(Map.of("CHARTLINE_KAFKA_AUTH", "scram",
        "CHARTLINE_KAFKA_USERNAME", "chartline", "CHARTLINE_KAFKA_PASSWORD", "s3cret")));
    assertThat(scram).containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("security.protocol", "SASL_SSL");
    assertThatThrownBy(() -> KafkaClientProperties.from(new Settings(Map.of("CHARTLINE_KAFKA_AUTH", "kerberos"))))
        .hasMessageContaining("CHARTLINE_KAFKA_AUTH");
  }
}
