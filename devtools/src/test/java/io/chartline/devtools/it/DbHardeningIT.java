package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.pg.DbSettings;
import io.chartline.pg.Migrator;
import io.chartline.pg.TenantTx;
import io.chartline.common.tenant.TenantId;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The database enforces tenant isolation by itself, whatever the application does: the roles the
 * application uses own nothing and cannot step around row-level security, every tenant table
 * (discovered from the catalog) has forced RLS with a tenant policy, pooled connections never carry
 * a tenant into the next transaction, and rows naming another tenant are refused. Runs against the
 * real PostgreSQL of the test stack, on a database of its own, migrated as a node would.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DbHardeningIT {

  static final TenantId A = TenantId.of("it-hardening-a");
  static final TenantId B = TenantId.of("it-hardening-b");
  static final int A_DOCS = 3;
  static final int B_DOCS = 5;
  static final Set<String> KNOWN_TENANT_TABLES = Set.of("tenants", "documents", "chunks", "tenant_keys",
      "key_rotations", "audit_log");

  static Vertx vertx;
  static DbSettings db;
  static Pool owner;
  static Pool app;
  static Pool audit;
  static final List<UUID> aDocs = new ArrayList<>();

  @BeforeAll
  static void migrateAndSeed() throws Exception {
    Settings settings = TestNode.isolatedSettings("hardening", Map.of());
    db = AppConfig.from(settings, EnumSet.noneOf(Role.class)).db();
    vertx = Vertx.vertx();
    owner = pool(AppConfig.migrationCredentials(settings), 2);
    app = pool(db.app(), 2);
    audit = pool(db.audit(), 1);
    await(Migrator.migrate(owner, db));
    for (TenantId t : List.of(A, B)) {
      await(TenantTx.run(app, t, c -> c.preparedQuery("SELECT ensure_tenant($1)").execute(Tuple.of(t.value()))));
      int docs = t.equals(A) ? A_DOCS : B_DOCS;
      for (int i = 0; i < docs; i++) {
        UUID doc = UUID.randomUUID();
        if (t.equals(A)) {
          aDocs.add(doc);
        }
        await(TenantTx.run(app, t, c -> insertDocument(c, t, doc).compose(x -> insertChunk(c, t, doc, 0))));
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Embeddings stay in the chunk row and ciphertext goes out of line, on the parent and every
   * tenant partition: a TOASTed embedding makes full scans look cheap to the planner.
   */
  @Test
  void everyChunkPartitionKeepsItsEmbeddingsInTheRow() throws Exception {
    RowSet<Row> rs = await(owner.query("SELECT c.relname, a.attname, a.attstorage::text FROM pg_attribute a "
        + "JOIN pg_class c ON c.oid = a.attrelid WHERE a.attname IN ('embedding', 'content_cipher') "
        + "AND (c.relname = 'chunks' OR c.oid IN (SELECT inhrelid FROM pg_inherits "
        + "WHERE inhparent = 'chunks'::regclass))").execute());
    assertThat(rs.size()).isGreaterThanOrEqualTo(4);
    for (Row r : rs) {
      assertThat(r.getString(2)).as(r.getString(0) + "." + r.getString(1))
          .isEqualTo(r.getString(1).equals("embedding") ? "m" : "e");
    }
  }

  @Test
  void applicationAndAuditRolesOwnNothingAndCannotStepAroundPrivileges() throws Exception {
    List<String> roles = List.of(db.app().user(), db.audit().user());

    assertThat(await(IsolationCatalog.ownedBy(owner, roles))).as("objects owned by the app or audit role").isEmpty();
    assertThat(await(IsolationCatalog.dangerousAttributes(owner, roles))).isEmpty();
    // FORCE ROW LEVEL SECURITY binds the owner only while it is neither superuser nor BYPASSRLS, and
    // without CREATEROLE it cannot grant itself pg_read_server_files or pg_execute_server_program
    assertThat(await(IsolationCatalog.dangerousAttributes(owner, List.of(db.ownerRole())))).isEmpty();
    for (String role : roles) {
      Row r = await(owner.preparedQuery("SELECT has_schema_privilege($1, 'public', 'CREATE'), "
          + "has_database_privilege($1, current_database(), 'CREATE')").execute(Tuple.of(role))).iterator().next();
      assertThat(r.getBoolean(0)).as(role + " may create objects in the schema").isFalse();
      assertThat(r.getBoolean(1)).as(role + " may create schemas").isFalse();
    }
    // the ownership query does see owned objects: the owner role owns the tables
    assertThat(await(IsolationCatalog.ownedBy(owner, List.of(db.ownerRole()))))
        .contains("relation documents", "relation chunks", "relation audit_log");
  }

  @Test
  void theAuditRoleCanOnlyAppendToTheAuditLog() throws Exception {
    assertThat(await(IsolationCatalog.privileges(owner, db.audit().user())))
        .containsExactlyInAnyOrder("audit_log INSERT", "audit_log_seq_seq USAGE");

    await(audit.preparedQuery("INSERT INTO audit_log (event_id, tenant_id, occurred_at, action, outcome) "
        + "VALUES ($1, $2, now(), 'probe.append', 'success')").execute(Tuple.of(UUID.randomUUID(), A.value())));
    for (String sql : List.of("SELECT count(*) FROM audit_log", "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log", "TRUNCATE audit_log", "SELECT count(*) FROM documents",
        "INSERT INTO documents (tenant_id, document_id, content_type, size_bytes, object_bucket, object_key, status) "
            + "VALUES ('it-hardening-a', gen_random_uuid(), 'text/plain', 1, 'b', 'k', 'received')")) {
      assertThat(sqlState(audit.query(sql).execute())).as(sql).isEqualTo("42501");
    }
  }

  @Test
  void everyTenantTableHasForcedRowLevelSecurityAndATenantPolicy() throws Exception {
    Set<String> tables = await(IsolationCatalog.tenantTables(owner));
    assertThat(tables).as("discovered from the catalog").containsAll(KNOWN_TENANT_TABLES)
        .contains(partition(A), partition(B));

    assertThat(await(IsolationCatalog.rlsViolations(owner, db.app().user()))).isEmpty();
  }

  @Test
  void noRoleMayTruncateReferenceOrTriggerAndNothingIsGrantedToPublic() throws Exception {
    for (String role : List.of(db.app().user(), db.audit().user())) {
      assertThat(await(IsolationCatalog.privileges(owner, role)))
          .as(role).noneMatch(p -> p.endsWith(" TRUNCATE") || p.endsWith(" REFERENCES") || p.endsWith(" TRIGGER"));
    }
    assertThat(await(IsolationCatalog.publicGrants(owner))).isEmpty();
  }

  @Test
  void everyViewRunsWithTheCallersRights() throws Exception {
    assertThat(await(IsolationCatalog.viewViolations(owner))).isEmpty();
  }

  @Test
  void theCatalogChecksDetectPlantedViolations() throws Exception {
    // GIVEN a table, a view, an open policy and public grants of the kind a careless migration adds
    // WHEN the same checks run inside the owner's transaction THEN each is reported; all is rolled back
    List<String> planted = List.of(
        "CREATE TABLE probe_notes (tenant_id text, note text)",
        "GRANT SELECT, TRUNCATE ON probe_notes TO PUBLIC",
        "CREATE TABLE probe_open (tenant_id text)",
        "ALTER TABLE probe_open ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE probe_open FORCE ROW LEVEL SECURITY",
        "CREATE POLICY probe_tenant ON probe_open USING (tenant_id = current_setting('app.tenant_id', true))",
        "CREATE POLICY probe_everything ON probe_open USING (true)",
        "CREATE VIEW probe_view AS SELECT tenant_id, title FROM documents");
    Map<String, List<String>> found = await(owner.getConnection().compose(conn -> conn.begin().compose(tx -> {
      Future<Void> steps = Future.succeededFuture();
      for (String sql : planted) {
        steps = steps.compose(v -> conn.query(sql).execute().mapEmpty());
      }
      return steps
          .compose(v -> Future.all(IsolationCatalog.rlsViolations(conn, db.app().user()),
              IsolationCatalog.viewViolations(conn), IsolationCatalog.publicGrants(conn),
              IsolationCatalog.privileges(conn, db.app().user()), IsolationCatalog.viewCount(conn)))
          .map(all -> Map.<String, List<String>>of("rls", all.resultAt(0), "views", all.resultAt(1),
              "public", all.resultAt(2), "app", all.resultAt(3), "count", List.of(all.resultAt(4).toString())))
          .eventually(tx::rollback);
    }).eventually(conn::close)));

    assertThat(found.get("rls")).contains("probe_notes: row-level security is not enabled",
        "probe_notes: row-level security is not forced (the owner bypasses it)",
        "probe_notes: no policy compares tenant_id with app.tenant_id",
        "probe_open: policy probe_everything applies to " + db.app().user() + " without the app.tenant_id predicate");
    assertThat(found.get("rls")).noneMatch(v -> v.contains("probe_tenant"));
    assertThat(found.get("views")).containsExactly("probe_view: view without security_invoker=true");
    assertThat(found.get("count")).containsExactly("1");
    assertThat(found.get("public")).contains("probe_notes SELECT", "probe_notes TRUNCATE");
    assertThat(found.get("app")).contains("probe_notes TRUNCATE");
    assertThat(await(IsolationCatalog.tenantTables(owner))).doesNotContain("probe_notes", "probe_open");
  }

  @Test
  void theApplicationRoleCannotTouchATenantPartitionDirectly() throws Exception {
    String part = partition(A);
    assertThat(sqlState(TenantTx.run(app, A, c -> c.query("SELECT count(*) FROM " + part).execute())))
        .isEqualTo("42501");
    assertThat(sqlState(app.query("SELECT count(*) FROM " + part).execute())).isEqualTo("42501");
    assertThat(sqlState(TenantTx.run(app, A, c -> c.query("DELETE FROM " + part).execute()))).isEqualTo("42501");
    assertThat(await(IsolationCatalog.privileges(owner, db.app().user()))).noneMatch(p -> p.contains("(partition)"));
  }

  @Test
  void aPooledConnectionNeverCarriesATenantIntoTheNextStatement() throws Exception {
    Pool single = pool(db.app(), 1);
    try {
      Set<Integer> backends = new HashSet<>();
      for (int i = 0; i < 40; i++) {
        TenantId t = i % 2 == 0 ? A : B;
        int expected = t.equals(A) ? A_DOCS : B_DOCS;
        Row seen = await(TenantTx.run(single, t, c -> c.query("SELECT pg_backend_pid(), "
            + "(SELECT count(*) FROM documents), (SELECT count(*) FROM chunks), "
            + "(SELECT array_agg(DISTINCT tenant_id) FROM documents), "
            + "(SELECT array_agg(DISTINCT tenant_id) FROM chunks)").execute())).iterator().next();
        backends.add(seen.getInteger(0));
        assertThat(seen.getLong(1)).as("documents seen by " + t + " in round " + i).isEqualTo(expected);
        assertThat(seen.getLong(2)).as("chunks seen by " + t + " in round " + i).isEqualTo(expected);
        assertThat(seen.getArrayOfStrings(3)).containsExactly(t.value());
        assertThat(seen.getArrayOfStrings(4)).containsExactly(t.value());
        if (i % 5 == 4) {
          // a transaction that fails after setting the tenant must not leave it behind either
          assertThat(sqlState(TenantTx.run(single, t, c -> c.query("SELECT 1 / 0").execute()))).isEqualTo("22012");
        }
        Row outside = await(single.query("SELECT pg_backend_pid(), current_setting('app.tenant_id', true), "
            + "(SELECT count(*) FROM documents), (SELECT count(*) FROM chunks), (SELECT count(*) FROM tenant_keys), "
            + "(SELECT count(*) FROM audit_log)").execute()).iterator().next();
        backends.add(outside.getInteger(0));
        assertThat(outside.getString(1)).as("setting after round " + i).isNullOrEmpty();
        assertThat(List.of(outside.getLong(2), outside.getLong(3), outside.getLong(4), outside.getLong(5)))
            .as("rows visible without a tenant after round " + i).containsOnly(0L);
      }
      assertThat(backends).as("one pooled connection served every statement").hasSize(1);

      // the probe is sensitive: a session-level setting (is_local = false) would leak, and it sees it
      await(single.query("SELECT set_config('app.tenant_id', '" + A.value() + "', false)").execute());
      long leaked = await(single.query("SELECT count(*) FROM documents").execute()).iterator().next().getLong(0);
      await(single.query("RESET app.tenant_id").execute());
      assertThat(leaked).isEqualTo(A_DOCS);
    } finally {
      await(single.close());
    }
  }

  @Test
  void rowsNamingAnotherTenantAreRefusedWhileTheSettingIsTenantA() throws Exception {
    UUID aDoc = aDocs.get(0);
    Map<String, Function<SqlConnection, Future<?>>> attempts = Map.of(
        "insert chunk for B", c -> insertChunk(c, B, aDoc, 7),
        "move document to B", c -> c.preparedQuery("UPDATE documents SET tenant_id = $1 WHERE document_id = $2")
            .execute(Tuple.of(B.value(), aDoc)),
        "move chunk to B", c -> c.preparedQuery("UPDATE chunks SET tenant_id = $1 WHERE document_id = $2")
            .execute(Tuple.of(B.value(), aDoc)),
        "insert key for B", c -> c.preparedQuery("INSERT INTO tenant_keys (tenant_id, version, provider, key_ref, "
            + "wrapped_key, state) VALUES ($1, 99, 'aws-kms', 'probe', NULL, 'retired')").execute(Tuple.of(B.value())),
        "insert rotation for B", c -> c.preparedQuery("INSERT INTO key_rotations (job_id, tenant_id, from_version, "
            + "to_version, state) VALUES ($1, $2, 1, 2, 'failed')").execute(Tuple.of(UUID.randomUUID(), B.value())));
    for (Map.Entry<String, Function<SqlConnection, Future<?>>> e : attempts.entrySet()) {
      assertThat(sqlState(TenantTx.run(app, A, c -> e.getValue().apply(c).<Void>mapEmpty())))
          .as(e.getKey()).isEqualTo("42501");
    }
    assertThat(counts(B)).containsExactly((long) B_DOCS, (long) B_DOCS, 0L, 0L);
    assertThat(counts(A)).containsExactly((long) A_DOCS, (long) A_DOCS, 0L, 0L);
  }

  @Test
  void aDocumentNamingAnotherTenantIsRefusedByRowLevelSecurity() throws Exception {
    // Refused with the RLS code, not with another error raised first (a BEFORE INSERT trigger that
    // reads tenants under tenant A's setting would report tenant B as deleted: 55000)
    assertThat(sqlState(TenantTx.run(app, A, c -> insertDocument(c, B, UUID.randomUUID())))).isEqualTo("42501");
    assertThat(counts(B).get(0)).isEqualTo((long) B_DOCS);
  }

  @Test
  void theOwnerCannotWriteTenantRowsWithoutTheSetting() throws Exception {
    assertThat(sqlState(owner.withTransaction(c -> insertDocument(c, A, UUID.randomUUID())))).isEqualTo("42501");
    assertThat(sqlState(owner.withTransaction(c -> insertChunk(c, A, aDocs.get(0), 9)))).isEqualTo("42501");
    assertThat(sqlState(owner.query("INSERT INTO tenant_keys (tenant_id, version, provider, key_ref, state) "
        + "VALUES ('it-hardening-a', 98, 'aws-kms', 'probe', 'retired')").execute())).isEqualTo("42501");
    for (String sql : List.of("UPDATE documents SET title = 'owner-write'", "DELETE FROM documents",
        "UPDATE chunks SET model = 'owner-write'", "DELETE FROM chunks", "UPDATE tenants SET state = 'deleted'",
        "DELETE FROM tenant_keys", "UPDATE key_rotations SET state = 'failed'")) {
      assertThat(await(owner.query(sql).execute()).rowCount()).as(sql).isZero();
    }
    assertThat(counts(A)).containsExactly((long) A_DOCS, (long) A_DOCS, 0L, 0L);
    assertThat(await(TenantTx.run(app, A, c -> c.query("SELECT count(*) FROM documents WHERE title = 'owner-write'")
        .execute())).iterator().next().getLong(0)).isZero();
  }

  @Test
  void theOwnerCannotWriteThroughATenantPartitionEither() throws Exception {
    // A partition is a table of its own: RLS and FORCE on the parent do not apply when it is named
    // directly. The write runs in a transaction that is rolled back whatever happens.
    for (String sql : List.of("UPDATE " + partition(A) + " SET model = 'owner-write'", "DELETE FROM " + partition(A))) {
      Future<Integer> rows = owner.getConnection().compose(conn -> conn.begin().compose(tx ->
          conn.query(sql).execute().map(rs -> rs.rowCount()).eventually(tx::rollback)).eventually(conn::close));
      assertThat(rowsOrRefused(rows)).as(sql).isZero();
    }
    assertThat(counts(A)).containsExactly((long) A_DOCS, (long) A_DOCS, 0L, 0L);
  }

  /** documents, chunks, tenant_keys and key_rotations rows visible to {@code t}, read as the app would. */
  static List<Long> counts(TenantId t) throws Exception {
    Row r = await(TenantTx.run(app, t, c -> c.query("SELECT (SELECT count(*) FROM documents), "
        + "(SELECT count(*) FROM chunks), (SELECT count(*) FROM tenant_keys), (SELECT count(*) FROM key_rotations)")
        .execute())).iterator().next();
    return List.of(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
  }

  static Future<Void> insertDocument(SqlClient c, TenantId t, UUID doc) {
    return c.preparedQuery("INSERT INTO documents (tenant_id, document_id, title, content_type, size_bytes, "
            + "object_bucket, object_key, status) VALUES ($1, $2, 'synthetic', 'text/plain', 10, 'bucket', $3, 'received')")
        .execute(Tuple.of(t.value(), doc, "key/" + doc)).mapEmpty();
  }

  static Future<Void> insertChunk(SqlClient c, TenantId t, UUID doc, int index) {
    return c.preparedQuery("INSERT INTO chunks (tenant_id, document_id, chunk_index, page, start_offset, end_offset, "
            + "token_count, content, embedding, model) VALUES ($1, $2, $3, 1, 0, 14, 3, 'synthetic text', "
            + "array_fill(0.5::real, ARRAY[" + db.vectorDimension() + "])::vector, 'probe-model')")
        .execute(Tuple.of(t.value(), doc, index)).mapEmpty();
  }

  /** The chunk partition {@code ensure_tenant} creates for {@code t}. */
  static String partition(TenantId t) throws Exception {
    byte[] md5 = MessageDigest.getInstance("MD5").digest(t.value().getBytes(StandardCharsets.UTF_8));
    return "chunks_t_" + String.format("%032x", new BigInteger(1, md5));
  }

  static Pool pool(DbSettings.Credentials who, int size) {
    PgConnectOptions connect = new PgConnectOptions().setHost(db.host()).setPort(db.port())
        .setDatabase(db.database()).setUser(who.user()).setPassword(who.password());
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connect).using(vertx).build();
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** @return the SQLSTATE the future failed with; an assertion error when it succeeded. */
  static String sqlState(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PgException pg) {
        return pg.getSqlState();
      }
      throw e;
    }
    throw new AssertionError("statement succeeded but should have been refused");
  }

  /** @return the row count, or 0 when PostgreSQL refused the statement for lack of privilege. */
  static int rowsOrRefused(Future<Integer> f) throws Exception {
    try {
      return await(f);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PgException pg && "42501".equals(pg.getSqlState())) {
        return 0;
      }
      throw e;
    }
  }
}
