package io.chartline.common.events;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;

/** A record that does not follow its contract. Permanent: it goes to the dead-letter topic. */
public final class EventDecodeException extends ChartlineException {

  public EventDecodeException(String safeMessage) {
    super(ErrorCode.UNDECODABLE_RECORD, safeMessage);
  }

  public EventDecodeException(String safeMessage, Throwable cause) {
    super(ErrorCode.UNDECODABLE_RECORD, null, safeMessage, cause);
  }
}
