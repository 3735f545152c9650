package io.chartline.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to serve with a database role that could rewrite the schema or the audit trail: a role a
 * node connects as must not be a superuser, create roles or databases, bypass row-level security,
 * replicate, belong to a role that reads or writes server files or runs server programs, or own
 * (or belong to the owner of) any table. Such a role turns one compromised node into a rewritten
 * audit log; the check makes a misconfigured deployment fail at start, naming the setting.
 */
public final class ServingRoleCheck {

  private static final String QUERY = "SELECT r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, "
      + "r.rolbypassrls, r.rolreplication, "
      + "ARRAY(SELECT b.rolname::text FROM pg_roles b WHERE b.rolname IN ('pg_read_server_files', "
      + "'pg_write_server_files', 'pg_execute_server_program', 'pg_write_all_data', 'rds_superuser') "
      + "AND pg_has_role(r.oid, b.oid, 'MEMBER') ORDER BY 1), "
      + "ARRAY(SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_has_role(r.oid, c.relowner, 'MEMBER') "
      + "ORDER BY 1 LIMIT 5) "
      + "FROM pg_roles r WHERE r.rolname = current_user";

  private ServingRoleCheck() {
  }

  /**
   * @param setting the variable naming the role, for the message (e.g. {@code CHARTLINE_DB_APP_USER})
   * @return a future that succeeds when the pool's role holds none of those powers; fails with a
   *     message naming the setting, the role and what it may do
   */
  public static Future<Void> require(Pool pool, String setting) {
    return pool.query(QUERY).execute().compose(rs -> {
      Row r = rs.iterator().next();
      List<String> powers = problems(r);
      return powers.isEmpty() ? Future.<Void>succeededFuture()
          : Future.failedFuture(new IllegalStateException(setting + " '" + r.getString(0) + "' " + String.join(", ", powers)
              + ": a serving node's database roles must not alter the schema, grant roles, read server files "
              + "or touch audit_log beyond INSERT; use a role without these (see docs/database.md)"));
    });
  }

  private static List<String> problems(Row r) {
    List<String> out = new ArrayList<>();
    String[] attributes = {"is a superuser", "may create roles (CREATEROLE)", "may create databases (CREATEDB)",
        "bypasses row-level security (BYPASSRLS)", "may replicate (REPLICATION)"};
    for (int i = 0; i < attributes.length; i++) {
      if (Boolean.TRUE.equals(r.getBoolean(i + 1))) {
        out.add(attributes[i]);
      }
    }
    String[] members = r.getArrayOfStrings(6);
    if (members.length > 0) {
      out.add("is a member of " + String.join(", ", members));
    }
    String[] owned = r.getArrayOfStrings(7);
    if (owned.length > 0) {
      out.add("owns (or is a member of the owner of) " + String.join(", ", owned));
    }
    return out;
  }
}
