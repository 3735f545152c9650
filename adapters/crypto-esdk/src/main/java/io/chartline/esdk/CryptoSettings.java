package io.chartline.esdk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How PHI is encrypted.
 *
 * @param provider {@code local} (dev: wrapping keys under a master key file), {@code aws-kms}
 *     (a KMS key per tenant) or {@code none} (no encryption; for measurements only)
 * @param masterKeyFile the local keyring's master key (provider {@code local})
 * @param dataKeyMaxAge how long a cached data key may be used
 * @param dataKeyMessageLimit how many messages one cached data key may seal
 * @param keyRefresh how long a node trusts its cached view of a tenant's key versions
 * @param kms how to reach KMS (provider {@code aws-kms})
 */
public record CryptoSettings(String provider, Path masterKeyFile, Duration dataKeyMaxAge, long dataKeyMessageLimit,
    Duration keyRefresh, int cacheCapacity, KmsSettings kms) {

  /** No encryption. */
  public static final String NONE = "none";
  /** Tenant keys wrapped under a local master key file. */
  public static final String LOCAL = "local";
  /** A KMS key per tenant version. */
  public static final String KMS = "aws-kms";

  public CryptoSettings {
    Objects.requireNonNull(provider, "CHARTLINE_CRYPTO_PROVIDER");
    if (!provider.equals(NONE) && !provider.equals(LOCAL)
        && !provider.equals(KMS)) {
      throw new IllegalArgumentException("CHARTLINE_CRYPTO_PROVIDER must be local, aws-kms or none");
    }
    if (provider.equals(LOCAL) && masterKeyFile == null) {
      throw new IllegalArgumentException("CHARTLINE_CRYPTO_MASTER_KEY_FILE is required with the local provider");
    }
    if (provider.equals(KMS) && kms == null) {
      throw new IllegalArgumentException("CHARTLINE_KMS_REGION is required with the aws-kms provider");
    }
    if (dataKeyMaxAge.isNegative() || dataKeyMaxAge.isZero() || dataKeyMaxAge.compareTo(Duration.ofHours(24)) > 0) {
      throw new IllegalArgumentException("CHARTLINE_CRYPTO_DATA_KEY_MAX_AGE must be between 1 ms and 24 h");
    }
    if (dataKeyMessageLimit < 1 || dataKeyMessageLimit > (1L << 32)) {
      throw new IllegalArgumentException("CHARTLINE_CRYPTO_DATA_KEY_MESSAGES must be between 1 and 2^32");
    }
    if (keyRefresh.isNegative() || keyRefresh.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("CHARTLINE_CRYPTO_KEY_REFRESH must be between 0 and 10 minutes");
    }
    if (cacheCapacity < 1) {
      throw new IllegalArgumentException("CHARTLINE_CRYPTO_CACHE_CAPACITY must be >= 1");
    }
  }

  public boolean enabled() {
    return !provider.equals(NONE);
  }

  public static CryptoSettings local(Path masterKeyFile) {
    return new CryptoSettings(LOCAL, masterKeyFile, Duration.ofMinutes(5), 10_000,
        Duration.ofSeconds(30), 1000, null);
  }
}
