package io.chartline.launcher;

import io.chartline.common.kafka.TopicConfigs;
import io.chartline.common.query.QueryLinkSettings;
import io.chartline.s3.S3Settings;
import io.chartline.sqs.SqsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Settings of the services around a node: the intake queue, topic creation, the role health port, the query link. */
final class Services {

  private Services() {
  }

  /** Topic-level settings for the topics a node creates; unset values leave the broker's defaults. */
  static TopicConfigs topicConfigs(Settings s) {
    String isr = s.str("CHARTLINE_KAFKA_MIN_ISR", null);
    return new TopicConfigs(isr == null ? null : s.integer("CHARTLINE_KAFKA_MIN_ISR", 1),
        s.duration("CHARTLINE_KAFKA_RETENTION", null), s.duration("CHARTLINE_KAFKA_DLQ_RETENTION", null),
        s.duration("CHARTLINE_KAFKA_AUDIT_RETENTION", null));
  }

  /**
   * {@code CHARTLINE_HEALTH_PORT}: where a node serves {@code /health} and {@code /health/ready} for
   * its roles on a port of their own (0: any free port); -1 (unset) for none, the API serving both.
   */
  static int healthPort(Settings s) {
    String v = s.str("CHARTLINE_HEALTH_PORT", null);
    if (v == null || v.isBlank()) {
      return -1;
    }
    int port = s.integer("CHARTLINE_HEALTH_PORT", -1);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("CHARTLINE_HEALTH_PORT must be between 0 and 65535");
    }
    return port;
  }

  /**
   * The queue S3 announces the bucket's objects on ({@code CHARTLINE_SQS_*}); null when
   * {@code CHARTLINE_SQS_QUEUE_URL} is not set (objects are then taken in only through the API).
   * An SQS-compatible endpoint takes the S3 credentials unless it has its own.
   */
  static SqsSettings sqs(Settings s, S3Settings s3) {
    String url = s.str("CHARTLINE_SQS_QUEUE_URL", null);
    if (url == null || url.isBlank()) {
      return null;
    }
    String endpoint = s.str("CHARTLINE_SQS_ENDPOINT", null);
    String access = s.str("CHARTLINE_SQS_ACCESS_KEY", endpoint == null ? null : s3.accessKey());
    String secret = s.str("CHARTLINE_SQS_SECRET_KEY", endpoint == null ? null : s3.secretKey());
    return new SqsSettings(url, endpoint == null ? null : URI.create(endpoint), s.str("CHARTLINE_SQS_REGION",
        s3.region()), access, secret, s.duration("CHARTLINE_SQS_WAIT", Duration.ofSeconds(20)),
        s.duration("CHARTLINE_SQS_VISIBILITY", Duration.ofSeconds(60)), s.integer("CHARTLINE_SQS_MAX_IN_FLIGHT", 10),
        s.duration("CHARTLINE_SQS_RETRY_DELAY", Duration.ofSeconds(5)));
  }

  /**
   * The query link between api and query processes ({@code CHARTLINE_QUERY_URLS},
   * {@code CHARTLINE_QUERY_PORT}, {@code CHARTLINE_QUERY_LINK_KEYS}, {@code CHARTLINE_QUERY_TLS_*}).
   */
  static QueryLinkSettings queryLink(Settings s) {
    List<java.net.URI> backends = new ArrayList<>();
    for (String url : s.str("CHARTLINE_QUERY_URLS", "").split(",")) {
      if (!url.isBlank()) {
        try {
          backends.add(new java.net.URI(url.trim()));
        } catch (java.net.URISyntaxException e) {
          throw new IllegalArgumentException("CHARTLINE_QUERY_URLS: not a URL: '" + url.trim() + "'");
        }
      }
    }
    List<byte[]> keys = new ArrayList<>();
    for (String key : s.str("CHARTLINE_QUERY_LINK_KEYS", "").split(",")) {
      if (!key.isBlank()) {
        try {
          keys.add(Base64.getDecoder().decode(key.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("CHARTLINE_QUERY_LINK_KEYS: each key must be base64");
        }
      }
    }
    String port = s.str("CHARTLINE_QUERY_PORT", null);
    QueryLinkSettings d = QueryLinkSettings.none();
    return new QueryLinkSettings(backends, port == null || port.isBlank() ? -1 : s.integer("CHARTLINE_QUERY_PORT", -1),
        keys, s.duration("CHARTLINE_QUERY_DISCOVERY_INTERVAL", d.discovery()),
        s.duration("CHARTLINE_QUERY_PROBE_INTERVAL", d.probe()), path(s, "CHARTLINE_QUERY_TLS_CERT"),
        path(s, "CHARTLINE_QUERY_TLS_KEY"), path(s, "CHARTLINE_QUERY_TLS_CA"));
  }

  private static Path path(Settings s, String key) {
    String v = s.str(key, null);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  /**
   * {@code CHARTLINE_RATE_LIMIT_SCOPE}: {@code cluster} (default) for per-tenant and per-user limits
   * every api process shares (in the database), {@code process} for each process's own.
   */
  static boolean sharedRateLimits(Settings s) {
    return switch (s.str("CHARTLINE_RATE_LIMIT_SCOPE", "cluster")) {
      case "cluster" -> true;
      case "process" -> false;
      default -> throw new IllegalArgumentException("CHARTLINE_RATE_LIMIT_SCOPE must be 'cluster' or 'process'");
    };
  }
}
