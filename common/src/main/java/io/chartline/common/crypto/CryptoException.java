package io.chartline.common.crypto;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;

/** A seal or open that failed. Messages never carry key material or plaintext. */
public final class CryptoException extends ChartlineException {

  public CryptoException(ErrorCode code, TenantId tenant, String safeMessage, Throwable cause) {
    super(code, tenant, safeMessage, cause);
  }
}
