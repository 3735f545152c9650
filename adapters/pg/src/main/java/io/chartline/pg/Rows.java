package io.chartline.pg;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column reads shared by the stores. */
final class Rows {

  private Rows() {
  }

  /** @return the {@code timestamptz} column as an instant, or null */
  static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
