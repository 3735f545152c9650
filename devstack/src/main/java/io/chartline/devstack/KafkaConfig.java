package io.chartline.devstack;

import java.nio.file.Path;

/** The configuration files of the local Kafka broker. */
final class KafkaConfig {

  private KafkaConfig() {
  }

  /**
   * {@code server.properties}: one node that is broker and controller, listening on 127.0.0.1 only
   * (plaintext, and SASL_SSL with SCRAM-SHA-512 on {@code securePort}),
   * with replication factor 1 for internal topics and no initial rebalance delay (faster tests).
   */
  static String server(int port, int controllerPort, int securePort, KafkaTls tls, Path dataDir) {
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort
            + ",SECURE://127.0.0.1:" + securePort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SECURE://127.0.0.1:" + securePort,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SECURE:SASL_SSL",
        // the secure listener is what MSK's SASL/SCRAM one is: TLS, then SCRAM-SHA-512
        "sasl.enabled.mechanisms=SCRAM-SHA-512",
        "listener.name.secure.sasl.enabled.mechanisms=SCRAM-SHA-512",
        "listener.name.secure.scram-sha-512.sasl.jaas.config="
            + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "listener.name.secure.ssl.keystore.type=PKCS12",
        "listener.name.secure.ssl.keystore.location=" + tls.keystore(),
        "listener.name.secure.ssl.keystore.password=" + tls.password(),
        "listener.name.secure.ssl.key.password=" + tls.password(),
        "log.dirs=" + dataDir,
        "num.partitions=1",
        "auto.create.topics.enable=true",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=4",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=4",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "");
  }

  /**
   * {@code log4j2.properties}: warnings and errors to stdout (our log file), plus the broker's
   * "Kafka Server started" line that readiness waits for.
   */
  static String log4j() {
    return String.join("\n",
        "status = warn",
        "appender.out.type = Console",
        "appender.out.name = out",
        "appender.out.layout.type = PatternLayout",
        "appender.out.layout.pattern = [%d] %p %m (%c)%n",
        "rootLogger.level = warn",
        "rootLogger.appenderRef.out.ref = out",
        "logger.server.name = kafka.server.KafkaRaftServer",
        "logger.server.level = info",
        "");
  }
}
