package io.chartline.devstack;

import java.net.URI;

/**
 * A running S3-compatible endpoint (s3proxy) on 127.0.0.1. Clients must use path-style access
 * ({@code forcePathStyle(true)}) and the credentials below; requests are checked with AWS
 * signature v2 or v4.
 *
 * <p>Test stacks keep objects in memory and accept SSE-KMS headers. Persistent stacks keep objects
 * on disk, and that store answers 501 to requests carrying SSE-KMS headers.
 */
public interface S3Server {

  /** {@code http://127.0.0.1:<port>}; the port changes on every start. */
  URI endpoint();

  /** Fixed access key, valid only against this loopback endpoint. */
  String accessKey();

  /** Fixed secret key, valid only against this loopback endpoint. */
  String secretKey();

  /** Region to sign with, {@code us-east-1}. */
  String region();
}
