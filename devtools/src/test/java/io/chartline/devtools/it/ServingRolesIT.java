package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.pg.DbSettings;
import io.chartline.pg.Migrator;
import io.chartline.pg.PgPools;
import io.chartline.pg.RoleBootstrap;
import io.chartline.pg.TenantTx;
import io.chartline.common.tenant.TenantId;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The database roles a serving node keeps cannot become more than they are: as exactly the roles
 * and settings a node uses, they cannot create or grant roles, read server files or run programs,
 * alter, disable or empty anything on {@code audit_log}, or move the tenant setting of their
 * transaction through a function. The schema owner's credentials are not part of a node's
 * configuration, and a node refuses to start on a role with such powers or on an old schema.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServingRolesIT {

  static final TenantId A = TenantId.of("it-serving-a");
  static final TenantId B = TenantId.of("it-serving-b");

  static Vertx vertx;
  static Settings settings;
  static DbSettings db;
  static Pool app;
  static Pool audit;
  static Pool superuser;
  static final List<String> createdRoles = new ArrayList<>();

  @BeforeAll
  static void prepare() throws Exception {
    settings = TestNode.isolatedSettings("serving", Map.of());
    db = AppConfig.from(settings, EnumSet.allOf(Role.class)).db();
    vertx = Vertx.vertx();
    app = PgPools.create(vertx, db, db.app(), 2);
    audit = PgPools.create(vertx, db, db.audit(), 1);
    superuser = Superuser.pool(vertx, db);
    for (TenantId t : List.of(A, B)) {
      await(TenantTx.run(app, t, c -> c.preparedQuery("SELECT ensure_tenant($1)").execute(Tuple.of(t.value()))));
    }
  }

  @AfterAll
  static void close() throws Exception {
    for (String role : createdRoles) {
      await(superuser.query("DROP ROLE IF EXISTS " + role).execute());
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theNodesRolesCannotCreateOrGrantRolesReadServerFilesOrRunPrograms() throws Exception {
    for (Pool role : List.of(app, audit)) {
      String self = await(role.query("SELECT current_user::text").execute()).iterator().next().getString(0);
      for (String sql : List.of(
          "CREATE ROLE it_probe_" + UUID.randomUUID().toString().substring(0, 8),
          "GRANT pg_read_server_files TO " + self,
          "GRANT pg_execute_server_program TO " + self,
          "GRANT pg_write_server_files TO " + self,
          "ALTER ROLE " + self + " CREATEROLE",
          "ALTER ROLE " + self + " BYPASSRLS",
          "SELECT pg_read_file('postgresql.conf')",
          "SELECT pg_ls_dir('.')",
          "COPY (SELECT 1) TO PROGRAM 'true'",
          "COPY audit_log FROM '/dev/null'",
          "CREATE TEMP TABLE probe_shadow (a int)",
          "CREATE FUNCTION probe_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'",
          "SET session_replication_role = replica")) {
        assertThat(sqlState(role.query(sql).execute())).as(self + ": " + sql).isEqualTo("42501");
      }
    }
  }

  @Test
  void theNodesRolesCannotAlterDisableOrEmptyTheAuditLog() throws Exception {
    for (Pool role : List.of(app, audit)) {
      for (String sql : List.of(
          "ALTER TABLE audit_log DISABLE TRIGGER ALL",
          "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
          "DROP TRIGGER audit_log_no_update ON audit_log",
          "ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY",
          "ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY",
          "ALTER POLICY audit_append ON audit_log WITH CHECK (true)",
          "CREATE POLICY probe_all ON audit_log USING (true)",
          "ALTER TABLE audit_log ADD COLUMN probe text",
          "ALTER TABLE audit_log OWNER TO CURRENT_USER",
          "DELETE FROM audit_log",
          "UPDATE audit_log SET action = 'x'",
          "TRUNCATE audit_log",
          "ALTER FUNCTION audit_log_reject_change() RENAME TO probe_gone")) {
        assertThat(sqlState(role.query(sql).execute())).as(sql).isEqualTo("42501");
      }
    }
    // and the append-only triggers are still there and enabled
    List<String> triggers = new ArrayList<>();
    await(superuser.query("SELECT tgname::text || ':' || tgenabled::text FROM pg_trigger "
        + "WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal").execute())
        .forEach(r -> triggers.add(r.getString(0)));
    assertThat(triggers).contains("audit_log_no_update:O", "audit_log_no_truncate:O").allMatch(t -> t.endsWith(":O"));
  }

  @Test
  void noFunctionLeavesATenantSettingInTheCallersTransaction() throws Exception {
    // GIVEN a transaction of tenant A WHEN it asks to register tenant B THEN it is refused
    assertThat(sqlState(TenantTx.run(app, A, c -> c.preparedQuery("SELECT ensure_tenant($1)")
        .execute(Tuple.of(B.value()))))).isEqualTo("42501");
    // and a transaction without a tenant cannot register one to gain its setting
    assertThat(sqlState(app.withTransaction(c -> c.preparedQuery("SELECT ensure_tenant($1)")
        .execute(Tuple.of(A.value()))))).isEqualTo("42501");
    // registering its own tenant leaves the setting as it was, and rows of B stay invisible
    String after = await(TenantTx.run(app, A, c -> c.preparedQuery("SELECT ensure_tenant($1)")
        .execute(Tuple.of(A.value()))
        .compose(x -> c.query("SELECT current_setting('app.tenant_id', true), (SELECT count(*) FROM tenants "
            + "WHERE tenant_id = '" + B.value() + "')").execute())
        .map(rs -> rs.iterator().next().getString(0) + "/" + rs.iterator().next().getLong(1))));
    assertThat(after).isEqualTo(A.value() + "/0");
    // the class, not the instance: no function of the schema sets a session setting at all
    List<String> setters = new ArrayList<>();
    await(superuser.query("SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        + "WHERE n.nspname = 'public' AND p.prosrc ILIKE '%set_config%' ORDER BY 1").execute())
        .forEach(r -> setters.add(r.getString(0)));
    assertThat(setters).as("functions calling set_config").isEmpty();
  }

  @Test
  void aNodesConfigurationHoldsNoSchemaOwnerCredential() throws Exception {
    String ownerPassword = AppConfig.migrationCredentials(settings).password();
    assertThat(ownerPassword).isNotEmpty();
    AppConfig config = AppConfig.from(settings, EnumSet.allOf(Role.class));
    List<String> found = new ArrayList<>();
    collectStrings(config, found, new IdentityHashMap<>(), 0);
    assertThat(found).as("strings reachable from the node's configuration").isNotEmpty()
        .doesNotContain(ownerPassword);
    assertThat(found).contains(db.app().password());
  }

  @Test
  void aNodeRefusesRolesThatCouldRewriteTheSchemaOrTheAuditTrail() throws Exception {
    String powerful = role("LOGIN CREATEROLE IN ROLE " + db.app().user());
    assertThatThrownBy(() -> TestNode.start(settings.with("CHARTLINE_DB_APP_USER", powerful)
        .with("CHARTLINE_DB_APP_PASSWORD", "probe-pass"), EnumSet.of(Role.INGEST), DevKeys.generate()))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("CHARTLINE_DB_APP_USER").hasMessageContaining(powerful)
        .hasMessageContaining("CREATEROLE");
    String ownerMember = role("LOGIN IN ROLE " + db.ownerRole());
    assertThatThrownBy(() -> TestNode.start(settings.with("CHARTLINE_DB_AUDIT_USER", ownerMember)
        .with("CHARTLINE_DB_AUDIT_PASSWORD", "probe-pass"), EnumSet.of(Role.AUDIT), DevKeys.generate()))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("CHARTLINE_DB_AUDIT_USER").hasMessageContaining("audit_log");
    String fileReader = role("LOGIN IN ROLE " + db.app().user() + ", pg_read_server_files");
    assertThatThrownBy(() -> TestNode.start(settings.with("CHARTLINE_DB_APP_USER", fileReader)
        .with("CHARTLINE_DB_APP_PASSWORD", "probe-pass"), EnumSet.of(Role.INGEST), DevKeys.generate()))
        .isInstanceOf(ExecutionException.class).hasMessageContaining("pg_read_server_files");
  }

  @Test
  void aNodeRefusesAnOldSchemaAndTheMigrateStepBringsItCurrent() throws Exception {
    // a database the roles may use but no migration has touched yet
    String fresh = db.database() + "_unmigrated";
    Settings old = settings.with("CHARTLINE_DB_NAME", fresh);
    DbSettings oldDb = AppConfig.database(old);
    await(RoleBootstrap.ensure(superuser, oldDb, AppConfig.migrationCredentials(old)));
    Pool freshSuperuser = Superuser.pool(vertx, oldDb);
    await(RoleBootstrap.installExtensions(freshSuperuser).eventually(freshSuperuser::close));
    try {
      assertThatThrownBy(() -> TestNode.start(old, EnumSet.of(Role.INGEST), DevKeys.generate()))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining(Migrator.MIGRATIONS.get(Migrator.MIGRATIONS.size() - 1))
          .hasMessageContaining("chartline migrate");
      // the migration step, as the owner, brings it current; the node's own role then finds it so
      Pool owner = PgPools.create(vertx, oldDb, AppConfig.migrationCredentials(old), 1);
      await(Migrator.migrate(owner, oldDb).eventually(owner::close));
      Pool freshApp = PgPools.create(vertx, oldDb, oldDb.app(), 1);
      await(Migrator.requireCurrent(freshApp).eventually(freshApp::close));
    } finally {
      await(superuser.query("DROP DATABASE IF EXISTS " + fresh + " WITH (FORCE)").execute());
    }
  }

  /** Creates a login role (dropped after the class) with the password {@code probe-pass}. */
  static String role(String attributes) throws Exception {
    String name = "it_probe_" + UUID.randomUUID().toString().substring(0, 8);
    createdRoles.add(name);
    await(superuser.query("CREATE ROLE " + name + " " + attributes.replace("LOGIN", "LOGIN PASSWORD 'probe-pass'"))
        .execute());
    return name;
  }

  /** Every string reachable from records, collections and maps under {@code value}. */
  static void collectStrings(Object value, List<String> out, IdentityHashMap<Object, Boolean> seen, int depth)
      throws Exception {
    if (value == null || depth > 12 || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof Collection<?> c) {
      for (Object o : c) {
        collectStrings(o, out, seen, depth + 1);
      }
    } else if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        collectStrings(e.getKey(), out, seen, depth + 1);
        collectStrings(e.getValue(), out, seen, depth + 1);
      }
    } else if (value.getClass().isRecord()) {
      for (RecordComponent rc : value.getClass().getRecordComponents()) {
        rc.getAccessor().setAccessible(true);
        collectStrings(rc.getAccessor().invoke(value), out, seen, depth + 1);
      }
    }
  }

  static String sqlState(Future<?> f) throws Exception {
    return DbHardeningIT.sqlState(f);
  }

  static <T> T await(Future<T> f) throws Exception {
    return DbHardeningIT.await(f);
  }
}
