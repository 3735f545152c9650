package io.chartline.common.crypto;

import java.util.Objects;

/**
 * PHI sealed under a tenant key: an AWS Encryption SDK message whose encryption context names the
 * tenant and the document, and the version of the tenant key that sealed it.
 */
public record SealedText(int keyVersion, byte[] message) {

  public SealedText {
    if (keyVersion < 1) {
      throw new IllegalArgumentException("keyVersion must be >= 1");
    }
    Objects.requireNonNull(message, "message");
  }
}
