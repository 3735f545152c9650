package io.chartline.devstack;

/**
 * A running single-node Kafka broker (KRaft, broker and controller in one process) on 127.0.0.1.
 * Topics are auto-created on first use, but applications should create theirs with an AdminClient;
 * internal topics use replication factor 1.
 */
public interface KafkaServer {

  /** Value for {@code bootstrap.servers}, {@code 127.0.0.1:<port>}; the port changes on every start. */
  String bootstrapServers();
}
