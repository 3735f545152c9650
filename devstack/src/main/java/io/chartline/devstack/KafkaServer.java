package io.chartline.devstack;

/**
 * A running single-node Kafka broker (KRaft, broker and controller in one process) on 127.0.0.1.
 * Topics are auto-created on first use, but applications should create theirs with an AdminClient;
 * internal topics use replication factor 1.
 */
public interface KafkaServer {

  /** Value for {@code bootstrap.servers}, {@code 127.0.0.1:<port>}; the port changes on every start. */
  String bootstrapServers();

  /**
   * The SASL_SSL listener, {@code 127.0.0.1:<port>}: TLS with a certificate for 127.0.0.1 and
   * localhost ({@link #certificate()}), then SCRAM-SHA-512 with a user made through the admin API
   * on {@link #bootstrapServers()} (none exists at first).
   */
  String secureBootstrapServers();

  /** The PEM certificate clients of {@link #secureBootstrapServers()} trust ({@code ssl.truststore.type=PEM}). */
  java.nio.file.Path certificate();
}
