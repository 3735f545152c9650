package io.chartline.esdk;

import java.net.URI;
import java.util.Objects;

/**
 * Where and how to reach KMS for tenant keys ({@code CHARTLINE_KMS_*}).
 *
 * @param endpoint    null means AWS itself
 * @param accessKey   static credentials for a local endpoint; null for the default AWS chain
 * @param aliasPrefix tenant keys are aliased {@code alias/<prefix>/…}
 */
public record KmsSettings(String region, URI endpoint, String accessKey, String secretKey, String aliasPrefix) {

  public KmsSettings {
    Objects.requireNonNull(region, "CHARTLINE_KMS_REGION");
    if (aliasPrefix == null || !aliasPrefix.matches("[A-Za-z0-9/_-]{1,64}")) {
      throw new IllegalArgumentException("CHARTLINE_KMS_ALIAS_PREFIX must be 1-64 of [A-Za-z0-9/_-]");
    }
  }
}
