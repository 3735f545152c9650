package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The topics a node creates carry the configured retention per kind and the minimum in-sync replicas. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TopicCreationIT {

  @Test
  void topicsAreCreatedWithTheirKindsRetentionAndTheMinimumInSyncReplicas() throws Exception {
    try (TestNode node = TestNode.start(TestNode.isolatedSettings("topiccreation", Map.of(
            "CHARTLINE_KAFKA_MIN_ISR", "1", "CHARTLINE_KAFKA_RETENTION", "3d",
            "CHARTLINE_KAFKA_DLQ_RETENTION", "30d", "CHARTLINE_KAFKA_AUDIT_RETENTION", "90d")),
        Set.of(Role.AUDIT), DevKeys.generate());
        Admin admin = Admin.create(Map.of("bootstrap.servers", node.config().kafka().bootstrapServers()))) {
      var topics = node.config().kafka().topics();
      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
              new ConfigResource(ConfigResource.Type.TOPIC, topics.chunks()),
              new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters()),
              new ConfigResource(ConfigResource.Type.TOPIC, topics.audit())))
          .all().get(30, TimeUnit.SECONDS); // blocking-ok: test thread
      assertThat(value(configs, topics.chunks(), "retention.ms")).isEqualTo("259200000");
      assertThat(value(configs, topics.deadLetters(), "retention.ms")).isEqualTo("2592000000");
      assertThat(value(configs, topics.audit(), "retention.ms")).isEqualTo("7776000000");
      assertThat(value(configs, topics.audit(), "min.insync.replicas")).isEqualTo("1");
    }
  }

  private static String value(Map<ConfigResource, Config> configs, String topic, String name) {
    return configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get(name).value();
  }
}
