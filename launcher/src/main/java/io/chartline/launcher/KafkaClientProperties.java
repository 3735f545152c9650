package io.chartline.launcher;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka client properties a deployment adds: the authentication {@code CHARTLINE_KAFKA_AUTH}
 * chooses, then every {@code CHARTLINE_KAFKA_PROPERTY_<NAME>} ({@code NAME} upper-cased with
 * {@code _} for {@code .}: {@code CHARTLINE_KAFKA_PROPERTY_SSL_TRUSTSTORE_LOCATION} is
 * {@code ssl.truststore.location}). Properties Chartline's guarantees rest on (acks, idempotence,
 * bounded blocking, manual commits, byte values) cannot be changed this way: naming one fails the
 * start.
 */
final class KafkaClientProperties {

  static final String PREFIX = "CHARTLINE_KAFKA_PROPERTY_";
  /** The static session name MSK IAM re-authenticates with (a rotating one breaks re-authentication). */
  static final String IAM_SESSION = "chartline";
  static final Set<String> PROTECTED = Set.of("acks", "enable.idempotence", "max.block.ms", "delivery.timeout.ms",
      "enable.auto.commit", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
      "bootstrap.servers", "group.id", "client.id", "max.in.flight.requests.per.connection", "transactional.id",
      "isolation.level", "auto.offset.reset", "compression.type", "max.poll.records");

  private KafkaClientProperties() {
  }

  static Map<String, String> from(Settings s) {
    Map<String, String> m = new TreeMap<>();
    String auth = s.str("CHARTLINE_KAFKA_AUTH", "none").trim().toLowerCase(Locale.ROOT);
    switch (auth) {
      case "none" -> {
      }
      case "tls" -> m.put("security.protocol", "SSL");
      case "iam" -> {
        // Amazon MSK with IAM access control: SASL over TLS, port 9098
        m.put("security.protocol", "SASL_SSL");
        m.put("sasl.mechanism", "AWS_MSK_IAM");
        m.put("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required awsRoleSessionName=\""
            + IAM_SESSION + "\";");
        m.put("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        // small brokers accept only a few new IAM connections a second
        m.put("reconnect.backoff.ms", "1000");
        m.put("reconnect.backoff.max.ms", "10000");
      }
      case "scram" -> {
        String user = s.required("CHARTLINE_KAFKA_USERNAME");
        String password = s.required("CHARTLINE_KAFKA_PASSWORD");
        m.put("security.protocol", "SASL_SSL");
        m.put("sasl.mechanism", "SCRAM-SHA-512");
        m.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + jaasQuote(user) + "\" password=\"" + jaasQuote(password) + "\";");
      }
      default -> throw new IllegalArgumentException("CHARTLINE_KAFKA_AUTH must be none, tls, iam or scram");
    }
    for (Map.Entry<String, String> e : s.asMap().entrySet()) {
      if (!e.getKey().startsWith(PREFIX) || e.getKey().length() == PREFIX.length()) {
        continue;
      }
      String name = e.getKey().substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
      if (PROTECTED.contains(name)) {
        throw new IllegalArgumentException(e.getKey() + " would change " + name + ", which Chartline sets itself "
            + "(acks=all, idempotence, bounded blocking, manual commits)");
      }
      m.put(name, e.getValue());
    }
    return m;
  }

  private static String jaasQuote(String v) {
    if (v.contains("\"") || v.contains("\\")) {
      throw new IllegalArgumentException("CHARTLINE_KAFKA_USERNAME and CHARTLINE_KAFKA_PASSWORD must not contain "
          + "quotes or backslashes");
    }
    return v;
  }
}
