package io.chartline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.events.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which topic is created with which settings. */
class TopicConfigsTest {

  static final Topics T = new Topics("prod.");

  @Test
  void eachTopicGetsTheRetentionOfItsKindAndEveryTopicTheMinimumInSyncReplicas() {
    TopicConfigs c = new TopicConfigs(2, Duration.ofDays(3), Duration.ofDays(30), Duration.ofDays(90));
    for (String pipeline : new String[] {T.uploaded(), T.chunks(), T.indexed()}) {
      assertThat(c.forTopic(T, pipeline)).as(pipeline).containsEntry("retention.ms", "259200000")
          .containsEntry("min.insync.replicas", "2");
    }
    assertThat(c.forTopic(T, T.deadLetters())).containsEntry("retention.ms", "2592000000");
    assertThat(c.forTopic(T, T.audit())).containsEntry("retention.ms", "7776000000");
    assertThat(c.forTopic(T, T.alerts())).containsEntry("retention.ms", "7776000000");
  }

  @Test
  void unsetValuesLeaveTheBrokersDefaultsAndNonsenseIsRefused() {
    assertThat(TopicConfigs.brokerDefaults().forTopic(T, T.audit())).isEmpty();
    assertThat(new TopicConfigs(null, Duration.ofDays(1), null, null).forTopic(T, T.deadLetters())).isEmpty();
    assertThatThrownBy(() -> new TopicConfigs(0, null, null, null)).hasMessageContaining("CHARTLINE_KAFKA_MIN_ISR");
    assertThatThrownBy(() -> new TopicConfigs(null, Duration.ZERO, null, null)).hasMessageContaining("RETENTION");
  }
}
