package io.chartline.common.error;

import io.chartline.common.tenant.TenantId;
import java.util.Objects;

/**
 * A failure with a stable {@link ErrorCode}, an optional tenant and a message that never
 * contains PHI (it may be shown to clients and written to logs).
 */
public class ChartlineException extends RuntimeException {

  private final ErrorCode code;
  private final TenantId tenant;

  public ChartlineException(ErrorCode code, String safeMessage) {
    this(code, null, safeMessage, null);
  }

  public ChartlineException(ErrorCode code, TenantId tenant, String safeMessage, Throwable cause) {
    super(safeMessage, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.tenant = tenant;
  }

  public ErrorCode code() {
    return code;
  }

  /** @return the tenant the failure belongs to, or null when none is known. */
  public TenantId tenant() {
    return tenant;
  }

  public boolean permanent() {
    return code.permanent();
  }

  /** @return {@code t} itself when it is a ChartlineException, else an INTERNAL/UNAVAILABLE wrapper. */
  public static ChartlineException wrap(Throwable t, TenantId tenant) {
    if (t instanceof ChartlineException ce) {
      return ce;
    }
    return new ChartlineException(ErrorCode.UNAVAILABLE, tenant, "dependency failure: " + t.getClass().getSimpleName(), t);
  }
}
