package io.chartline.devstack;

import java.net.URI;

/**
 * A running SQS-compatible endpoint (ElasticMQ) on 127.0.0.1, speaking the JSON protocol of
 * current AWS SDKs. Queues live in memory only: they are gone after a restart, even in dev mode.
 */
public interface SqsServer {

  /** {@code http://127.0.0.1:<port>}; queue URLs returned by the endpoint start with it. */
  URI endpoint();

  /** Access key to sign with; ElasticMQ accepts any. */
  String accessKey();

  /** Secret key to sign with; ElasticMQ accepts any. */
  String secretKey();

  /** Region to sign with, {@code us-east-1}. */
  String region();
}
