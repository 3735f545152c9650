package io.chartline.devtools.it;

import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Node;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Audit rows by request id, read as the superuser: authentication failures carry no tenant, so
 * the application role (scoped to one tenant by row-level security) cannot see them.
 */
final class AuditRows {

  /** One audit_log row, as far as authentication tests care. */
  record Entry(String requestId, String action, String outcome, String reason, String tenant, String subject,
      String issuer) {
  }

  private AuditRows() {
  }

  /** @return the rows whose request_id is one of {@code requestIds}, by request id. */
  static Future<Map<String, Entry>> byRequest(Node node, AppConfig config, Collection<String> requestIds) {
    Pool admin = Superuser.pool(node.vertx(), config.db());
    return admin.preparedQuery("SELECT request_id, action, outcome, reason_code, tenant_id, subject, issuer "
            + "FROM audit_log WHERE request_id = ANY($1)")
        .execute(Tuple.tuple().addArrayOfString(requestIds.toArray(new String[0])))
        .map(rows -> {
          Map<String, Entry> out = new HashMap<>();
          for (Row r : rows) {
            out.put(r.getString(0), new Entry(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                r.getString(4), r.getString(5), r.getString(6)));
          }
          return out;
        })
        .eventually(admin::close);
  }

  /** Polls until every one of {@code requestIds} has its audit row (or the deadline passes). */
  static Future<Map<String, Entry>> awaitAll(ApiClient poller, Node node, AppConfig config,
      Collection<String> requestIds, long timeoutMs) {
    return poller.poll(() -> byRequest(node, config, requestIds), rows -> rows.keySet().containsAll(requestIds),
        timeoutMs);
  }
}
