package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {

  @Test
  void brokerListensOnLoopbackOnlyWithSingleNodeReplication() throws Exception {
    Properties props = new Properties();
    KafkaTls tls = new KafkaTls(Path.of("/state/kafka/tls"), "pw");
    props.load(new StringReader(KafkaConfig.server(9100, 9101, 9102, tls, Path.of("/state/kafka/data"))));

    assertThat(props.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:9100,CONTROLLER://127.0.0.1:9101,SECURE://127.0.0.1:9102");
    assertThat(props.getProperty("advertised.listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:9100,SECURE://127.0.0.1:9102");
    assertThat(props.getProperty("listener.security.protocol.map")).contains("SECURE:SASL_SSL");
    assertThat(props.getProperty("listener.name.secure.sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
    assertThat(props.getProperty("listener.name.secure.ssl.keystore.location")).isEqualTo("/state/kafka/tls/broker.p12");
    assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
    assertThat(props.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
  }

  @Test
  void clusterIdsLookLikeKafkaUuids() {
    for (int i = 0; i < 200; i++) {
      assertThat(LocalKafka.newClusterId()).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
    }
  }
}
