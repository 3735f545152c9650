package io.chartline.devtools.it;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the PostgreSQL catalog of the {@code public} schema and lists isolation violations as
 * readable strings (an empty list means the rule holds). Every check discovers its subjects from
 * the catalog (tables with a {@code tenant_id} column, views, relations, functions), so a table or
 * view added later is checked without anyone remembering to list it. Runs on any client: a pool,
 * or a connection inside a transaction that plants a violation and rolls back (the self-checks).
 */
final class IsolationCatalog {

  /** The clause each tenant policy must contain; {@code set_config(..., true)} feeds it. */
  static final String TENANT_PREDICATE = "tenant_id = current_setting('app.tenant_id'";
  private static final String PUBLIC = "n.nspname = 'public'";

  private IsolationCatalog() {
  }

  /** Relations in the schema that have a {@code tenant_id} column (tables, partitions, foreign tables). */
  static Future<Set<String>> tenantTables(SqlClient c) {
    return c.query("SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped "
            + "WHERE " + PUBLIC + " AND c.relkind IN ('r', 'p', 'f')").execute()
        .map(rs -> {
          Set<String> out = new TreeSet<>();
          rs.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /**
   * Every tenant table has RLS enabled and forced and at least one policy comparing tenant_id with
   * app.tenant_id; every policy that applies to {@code appRole} (directly or through PUBLIC)
   * compares tenant_id with app.tenant_id in each clause it has, because one permissive policy
   * without it would open the table (permissive policies are OR-ed). Restrictive policies are
   * AND-ed with the permissive ones, so they can only narrow and need not repeat the predicate.
   */
  static Future<List<String>> rlsViolations(SqlClient c, String appRole) {
    String sql = "SELECT c.oid::regclass::text, c.relrowsecurity, c.relforcerowsecurity, p.polname, "
        + "pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid), "
        + "(p.polroles = '{0}' OR $1 = ANY (SELECT rolname FROM pg_roles WHERE oid = ANY (p.polroles))) AS applies, "
        + "p.polpermissive "
        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped "
        + "LEFT JOIN pg_policy p ON p.polrelid = c.oid "
        + "WHERE " + PUBLIC + " AND c.relkind IN ('r', 'p', 'f') ORDER BY 1, 4";
    return c.preparedQuery(sql).execute(Tuple.of(appRole)).map(rs -> {
      List<String> out = new ArrayList<>();
      Set<String> withTenantPolicy = new TreeSet<>();
      Set<String> tables = new TreeSet<>();
      for (Row r : rs) {
        String table = r.getString(0);
        if (tables.add(table)) {
          if (!r.getBoolean(1)) {
            out.add(table + ": row-level security is not enabled");
          }
          if (!r.getBoolean(2)) {
            out.add(table + ": row-level security is not forced (the owner bypasses it)");
          }
        }
        String policy = r.getString(3);
        if (policy == null) {
          continue;
        }
        String qual = r.getString(4);
        String check = r.getString(5);
        if (mentionsTenant(qual) || mentionsTenant(check)) {
          withTenantPolicy.add(table);
        }
        boolean applies = r.getBoolean(6) && r.getBoolean(7);
        if (applies && ((qual != null && !mentionsTenant(qual)) || (check != null && !mentionsTenant(check)))) {
          out.add(table + ": policy " + policy + " applies to " + appRole + " without the app.tenant_id predicate");
        }
      }
      for (String t : tables) {
        if (!withTenantPolicy.contains(t)) {
          out.add(t + ": no policy compares tenant_id with app.tenant_id");
        }
      }
      return out;
    });
  }

  private static boolean mentionsTenant(String expr) {
    return expr != null && expr.contains(TENANT_PREDICATE);
  }

  /** Relations, functions, types, the schema or the database owned by one of {@code roles}. */
  static Future<List<String>> ownedBy(SqlClient c, List<String> roles) {
    String sql = "SELECT 'relation ' || c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE " + PUBLIC + " AND pg_get_userbyid(c.relowner) = ANY ($1) "
        + "UNION ALL SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p "
        + "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " + PUBLIC + " AND pg_get_userbyid(p.proowner) = ANY ($1) "
        + "UNION ALL SELECT 'type ' || t.oid::regtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        + "WHERE " + PUBLIC + " AND pg_get_userbyid(t.typowner) = ANY ($1) "
        + "UNION ALL SELECT 'schema ' || n.nspname FROM pg_namespace n WHERE pg_get_userbyid(n.nspowner) = ANY ($1) "
        + "UNION ALL SELECT 'database ' || d.datname FROM pg_database d WHERE d.datname = current_database() "
        + "AND pg_get_userbyid(d.datdba) = ANY ($1)";
    return c.preparedQuery(sql).execute(names(roles)).map(IsolationCatalog::firstColumn);
  }

  /** Role attributes that would let a role around RLS or privileges, and any role memberships. */
  static Future<List<String>> dangerousAttributes(SqlClient c, List<String> roles) {
    String sql = "SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication "
        + "FROM pg_roles WHERE rolname = ANY ($1) ORDER BY 1";
    String members = "SELECT r.rolname || ' is a member of ' || m.rolname FROM pg_auth_members am "
        + "JOIN pg_roles r ON r.oid = am.member JOIN pg_roles m ON m.oid = am.roleid WHERE r.rolname = ANY ($1)";
    Tuple names = names(roles);
    return c.preparedQuery(sql).execute(names).compose(rs -> {
      List<String> out = new ArrayList<>();
      Set<String> seen = new TreeSet<>();
      String[] attrs = {"SUPERUSER", "BYPASSRLS", "CREATEROLE", "CREATEDB", "REPLICATION"};
      for (Row r : rs) {
        seen.add(r.getString(0));
        for (int i = 0; i < attrs.length; i++) {
          if (r.getBoolean(i + 1)) {
            out.add(r.getString(0) + " has " + attrs[i]);
          }
        }
      }
      for (String role : roles) {
        if (!seen.contains(role)) {
          out.add(role + " does not exist");
        }
      }
      return c.preparedQuery(members).execute(names).map(m -> {
        out.addAll(firstColumn(m));
        return out;
      });
    });
  }

  /**
   * Table privileges (also column-level ones) held by {@code role} on relations of the schema, as
   * {@code "relation PRIVILEGE"}; partitions are marked {@code "(partition)"}.
   */
  static Future<List<String>> privileges(SqlClient c, String role) {
    String sql = "SELECT c.oid::regclass::text || CASE WHEN c.relispartition THEN ' (partition)' ELSE '' END "
        + "|| ' ' || p.priv FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "CROSS JOIN (VALUES ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE'), ('REFERENCES'), "
        + "('TRIGGER')) p (priv) "
        + "WHERE " + PUBLIC + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND (has_table_privilege($1, c.oid, p.priv) "
        + "OR (p.priv IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') AND has_any_column_privilege($1, c.oid, p.priv))) "
        + "UNION ALL SELECT c.oid::regclass::text || ' ' || p.priv FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN (VALUES ('USAGE'), ('SELECT'), ('UPDATE')) p (priv) "
        + "WHERE " + PUBLIC + " AND c.relkind = 'S' AND has_sequence_privilege($1, c.oid, p.priv) ORDER BY 1";
    return c.preparedQuery(sql).execute(Tuple.of(role)).map(IsolationCatalog::firstColumn);
  }

  /** Relations with a privilege granted to PUBLIC (every role, present and future). */
  static Future<List<String>> publicGrants(SqlClient c) {
    String sql = "SELECT c.oid::regclass::text || ' ' || a.privilege_type FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a "
        + "WHERE " + PUBLIC + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND a.grantee = 0 ORDER BY 1";
    return c.query(sql).execute().map(IsolationCatalog::firstColumn);
  }

  /**
   * Views that run with their owner's rights (so the owner's view of RLS, not the caller's) and
   * materialized views (which store rows computed with the owner's rights and cannot be RLS-scoped).
   */
  static Future<List<String>> viewViolations(SqlClient c) {
    String sql = "SELECT c.oid::regclass::text, c.relkind, coalesce(array_to_string(c.reloptions, ','), '') "
        + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE " + PUBLIC + " AND c.relkind IN ('v', 'm') ORDER BY 1";
    return c.query(sql).execute().map(rs -> {
      List<String> out = new ArrayList<>();
      for (Row r : rs) {
        if ("m".equals(r.getString(1))) {
          out.add(r.getString(0) + ": materialized view (rows computed with the owner's rights)");
        } else if (!securityInvoker(r.getString(2))) {
          out.add(r.getString(0) + ": view without security_invoker=true");
        }
      }
      return out;
    });
  }

  /** @return the number of views and materialized views in the schema (to show the check saw them). */
  static Future<Integer> viewCount(SqlClient c) {
    return c.query("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
        + PUBLIC + " AND c.relkind IN ('v', 'm')").execute().map(rs -> rs.iterator().next().getInteger(0));
  }

  private static boolean securityInvoker(String options) {
    for (String o : options.split(",")) {
      String[] kv = o.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equals("security_invoker")
          && Set.of("true", "on", "yes", "1").contains(kv[1].trim().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static Tuple names(List<String> roles) {
    return Tuple.tuple().addArrayOfString(roles.toArray(new String[0]));
  }

  private static List<String> firstColumn(RowSet<Row> rs) {
    List<String> out = new ArrayList<>();
    rs.forEach(r -> out.add(r.getString(0)));
    return out;
  }
}
