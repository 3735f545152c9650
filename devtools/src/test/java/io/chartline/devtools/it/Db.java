package io.chartline.devtools.it;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Blocking reads as the application role, scoped to one tenant (as the application reads). */
final class Db {

  private Db() {
  }

  /** Audit reason codes of {@code action}, read as the cluster's superuser (the app role sees only its tenant). */
  static io.vertx.core.Future<List<String>> auditReasons(TestNode node, String action) {
    io.vertx.sqlclient.Pool owner = Superuser.pool(node.node().vertx(), node.config().db());
    return owner.preparedQuery("SELECT reason_code FROM audit_log WHERE action = $1").execute(Tuple.of(action))
        .map(rs -> {
          List<String> out = new ArrayList<>();
          for (Row r : rs) {
            out.add(r.getString(0));
          }
          return out;
        })
        .eventually(owner::close);
  }

  /** Event ids in the audit log for {@code tenant}, read as the cluster's superuser. */
  static io.vertx.core.Future<List<String>> auditReasonsAndIds(TestNode node, String tenant) {
    io.vertx.sqlclient.Pool owner = Superuser.pool(node.node().vertx(), node.config().db());
    return owner.preparedQuery("SELECT event_id::text, roles FROM audit_log WHERE tenant_id = $1")
        .execute(Tuple.of(tenant))
        .map(rs -> {
          List<String> out = new ArrayList<>();
          for (Row r : rs) {
            if (r.getArrayOfStrings(1).length != 2) {
              throw new AssertionError("roles not preserved: " + java.util.Arrays.toString(r.getArrayOfStrings(1)));
            }
            out.add(r.getString(0));
          }
          return out;
        })
        .eventually(owner::close);
  }

  static int chunkCount(TestNode node, String tenant) throws Exception {
    return node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(tenant)).compose(x -> c.query("SELECT count(*) FROM chunks").execute()))
        .map(rs -> rs.iterator().next().getInteger(0))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static List<Integer> chunkIndexes(TestNode node, String tenant, String documentId) throws Exception {
    return node.node().appPool().withTransaction(c -> c.preparedQuery("SELECT set_config('app.tenant_id', $1, true)")
            .execute(Tuple.of(tenant)).compose(x -> c.preparedQuery(
                "SELECT chunk_index FROM chunks WHERE document_id = $1 ORDER BY chunk_index")
                .execute(Tuple.of(UUID.fromString(documentId)))))
        .map(rs -> {
          List<Integer> out = new ArrayList<>();
          for (Row r : rs) {
            out.add(r.getInteger(0));
          }
          return out;
        })
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
