package io.chartline.common.tenant;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tenant identifier. Only ever built from a verified claim, an authenticated event header or a
 * validated configuration value; the format is strict so it can be used safely as a Kafka key,
 * an S3 key segment and a database setting.
 */
public record TenantId(String value) {

  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  public TenantId {
    Objects.requireNonNull(value, "tenant id");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException("tenant id must match " + FORMAT.pattern());
    }
  }

  /** @return true when {@code candidate} is a well-formed tenant id. */
  public static boolean isValid(String candidate) {
    return candidate != null && FORMAT.matcher(candidate).matches();
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
