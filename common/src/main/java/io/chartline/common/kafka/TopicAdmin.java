package io.chartline.common.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.NewTopic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics when they do not exist yet. */
public final class TopicAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {
  }

  /** @return a future that succeeds once every topic in {@code topics} exists (created with the broker's defaults). */
  public static Future<Void> ensureTopics(Vertx vertx, KafkaSettings settings, List<String> topics) {
    return ensureTopics(vertx, settings, topics, TopicConfigs.brokerDefaults());
  }

  /** @return a future that succeeds once every topic in {@code topics} exists; missing ones are created with {@code configs} */
  public static Future<Void> ensureTopics(Vertx vertx, KafkaSettings settings, List<String> topics,
      TopicConfigs configs) {
    // creating the client builds the native admin client, which can block: off the event loop
    return vertx.executeBlocking(() -> KafkaAdminClient.create(vertx, KafkaClientConfigs.admin(settings)), false)
        .compose(admin -> ensureTopics(admin, settings, topics, configs));
  }

  private static Future<Void> ensureTopics(KafkaAdminClient admin, KafkaSettings settings, List<String> topics,
      TopicConfigs configs) {
    return admin.listTopics()
        .compose(existing -> {
          Set<String> have = new HashSet<>(existing);
          List<NewTopic> missing = new ArrayList<>();
          for (String t : topics) {
            if (!have.contains(t)) {
              missing.add(new NewTopic(t, settings.partitions(), settings.replicationFactor())
                  .setConfig(configs.forTopic(settings.topics(), t)));
            }
          }
          if (missing.isEmpty()) {
            return Future.<Void>succeededFuture();
          }
          LOG.info("creating topics [count: {}]", missing.size());
          return admin.createTopics(missing).recover(t -> t.getMessage() != null && t.getMessage().contains("already exists")
              ? Future.succeededFuture() : Future.failedFuture(t));
        })
        .eventually(admin::close);
  }
}
