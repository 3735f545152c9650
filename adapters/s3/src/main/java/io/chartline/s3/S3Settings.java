package io.chartline.s3;

import io.chartline.common.store.HandOffObjectStore;
import java.net.URI;
import java.util.Objects;

/**
 * S3 connection settings.
 *
 * @param endpoint null for AWS itself; an S3-compatible endpoint otherwise
 * @param accessKey null to use the default AWS credentials chain
 * @param checksumEveryRequest true to add a CRC checksum to every upload and validate it on every
 *     download; false (the default) to do so only where S3 requires it. The path to S3 is TLS, and
 *     a sealed document is an authenticated encryption message that fails to open if a byte changed,
 *     so the extra checksum mostly costs CPU (and an {@code aws-chunked} body some S3-compatible
 *     servers reject).
 * @param handOffBytes how many bytes of just-stored objects a node holds for its own ingest stage
 *     (see {@link HandOffObjectStore}); 0 turns the hand-off off
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
    boolean pathStyle, boolean checksumEveryRequest, long handOffBytes) {

  public S3Settings {
    Objects.requireNonNull(region, "CHARTLINE_S3_REGION");
    Objects.requireNonNull(bucket, "CHARTLINE_S3_BUCKET");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("CHARTLINE_S3_BUCKET is not a valid bucket name: " + bucket);
    }
    if (handOffBytes < 0) {
      throw new IllegalArgumentException("CHARTLINE_S3_HANDOFF_BYTES must not be negative");
    }
    if ((accessKey == null) != (secretKey == null)) {
      throw new IllegalArgumentException("CHARTLINE_S3_ACCESS_KEY and CHARTLINE_S3_SECRET_KEY must be set together");
    }
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
  }
}
