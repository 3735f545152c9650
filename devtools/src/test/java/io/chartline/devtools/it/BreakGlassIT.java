package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Break-glass: a super admin reads a tenant's PHI only through a reasoned, time-boxed grant whose
 * audit event is in the audit log and whose alert is on {@code audit.alerts.v1} before the grant
 * is handed out; every read under it is in the audit log before its data is returned.
 */
class BreakGlassIT {

  static final String CLINIC = "it-bg-clinic";
  static final String HOME = "it-bg-platform";
  static final String TITLE = "Canary title Q7ZX";
  static final String REASON = "ER: patient unresponsive, medication history needed";

  static TestNode node;
  static Pool admin;
  static String doc;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(TestNode.isolatedSettings("break_glass", Map.of()), EnumSet.allOf(Role.class),
        DevKeys.generate());
    admin = Superuser.pool(node.node().vertx(), node.config().db());
    String clinician = node.token(CLINIC, "clinician");
    HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
            + "/v1/documents")).header("Authorization", "Bearer " + clinician).header("Content-Type", "text/plain")
        .header("X-Document-Title", TITLE.replace(" ", "%20"))
        .POST(HttpRequest.BodyPublishers.ofString(Texts.note(71, 20), StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(up.statusCode()).isEqualTo(202);
    doc = new JsonObject(up.body()).getString("id");
    try (Blocking api = new Blocking(node)) {
      api.awaitIndexed(clinician, doc);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    node.close();
  }

  static String admin(String subject) {
    return node.keys().token(HOME, subject, List.of("super_admin"), new JsonObject(), 600, Clock.systemUTC());
  }

  static HttpResponse<String> send(String method, String path, String token, String type, String body, String grant)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .header("Authorization", "Bearer " + token);
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (grant != null) {
      b.header("X-Break-Glass-Grant", grant);
    }
    return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> open(String token, JsonObject body) throws Exception {
    return send("POST", "/v1/admin/break-glass", token, "application/json", body.encode(), null);
  }

  static HttpResponse<String> search(String token, String grant) throws Exception {
    return send("POST", "/v1/search", token, "application/json", "{\"query\": \"plan of care\", \"top_k\": 3}", grant);
  }

  /** Audit rows read once, without waiting: what is durable at this moment. */
  static RowSet<Row> auditNow(String where, Object value) throws Exception {
    return admin.preparedQuery("SELECT action, tenant_id, subject, outcome, reason_code FROM audit_log WHERE "
        + where + " = $1").execute(Tuple.of(value)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void withoutBreakGlassASuperAdminSeesMetadataButNoPhi() throws Exception {
    String admin = admin("ops-carol");
    HttpResponse<String> meta = send("GET", "/v1/admin/tenants/" + CLINIC, admin, null, null, null);
    assertThat(meta.statusCode()).isEqualTo(200);
    JsonObject m = new JsonObject(meta.body());
    assertThat(m.getString("state")).isEqualTo("active");
    assertThat(m.getJsonObject("documents_by_status").getLong("indexed")).isEqualTo(1);
    assertThat(m.getLong("chunks")).isPositive();
    assertThat(meta.body()).doesNotContain("Q7ZX").doesNotContain(doc);
    assertThat(send("GET", "/v1/admin/tenants/it-bg-nobody", admin, null, null, null).statusCode()).isEqualTo(404);

    assertThat(search(admin, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/documents/" + doc, admin, null, null, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/v1/admin/tenants/" + CLINIC, node.token(CLINIC, "tenant_admin"), null, null, null)
        .statusCode()).isEqualTo(403);
  }

  @Test
  void aReasonIsRequired() throws Exception {
    String admin = admin("ops-dave");
    for (JsonObject body : List.of(new JsonObject().put("tenant_id", CLINIC),
        new JsonObject().put("tenant_id", CLINIC).put("reason", "   short  "),
        new JsonObject().put("tenant_id", CLINIC).put("reason", 42))) {
      HttpResponse<String> r = open(admin, body);
      assertThat(r.statusCode()).as(body.encode()).isEqualTo(403);
      assertThat(r.body()).contains("BREAK_GLASS_DENIED");
    }
    assertThat(open(admin, new JsonObject().put("tenant_id", "it-bg-nobody").put("reason", REASON)).statusCode())
        .isEqualTo(404);
    assertThat(open(admin, new JsonObject().put("tenant_id", CLINIC).put("reason", REASON)
        .put("duration_seconds", 24 * 3600)).statusCode()).isEqualTo(400);
    assertThat(open(node.token(CLINIC, "tenant_admin"), new JsonObject().put("tenant_id", CLINIC)
        .put("reason", REASON)).statusCode()).isEqualTo(403);
    assertThat(search(admin, null).statusCode()).isEqualTo(403);
  }

  @Test
  void aGrantIsAuditedAndAlertedBeforeItIsHandedOutAndEveryReadBeforeItsData() throws Exception {
    String admin = admin("ops-alice");
    HttpResponse<String> opened = open(admin, new JsonObject().put("tenant_id", CLINIC).put("reason", REASON)
        .put("duration_seconds", 300));
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    JsonObject grant = new JsonObject(opened.body());
    String grantId = grant.getString("grant_id");
    assertThat(opened.body()).doesNotContain("unresponsive");

    // durable before the 201: read at once, no waiting
    RowSet<Row> openRows = auditNow("resource_id", grantId);
    assertThat(openRows.size()).isEqualTo(1);
    Row open = openRows.iterator().next();
    assertThat(open.getString("action")).isEqualTo("break_glass.open");
    assertThat(open.getString("tenant_id")).isEqualTo(CLINIC);
    assertThat(open.getString("subject")).isEqualTo("ops-alice");

    Path docs = Path.of(System.getProperty("chartline.repo.root", "..")).resolve("docs").resolve("events");
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(docs.resolve("audit.alerts.v1.schema.json")), InputFormat.JSON);
    List<ConsumerRecord<String, byte[]>> alerts = ResilienceIT.readAll(node, node.config().kafka().topics().alerts());
    ConsumerRecord<String, byte[]> alert = alerts.stream()
        .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(grantId)).findFirst().orElseThrow();
    String payload = new String(alert.value(), StandardCharsets.UTF_8);
    assertThat(schema.validate(payload, InputFormat.JSON)).isEmpty();
    assertThat(alert.key()).isEqualTo(CLINIC);
    assertThat(new String(alert.headers().lastHeader("tenant-id").value(), StandardCharsets.UTF_8)).isEqualTo(CLINIC);
    assertThat(payload).doesNotContain("unresponsive").contains("break_glass.opened").contains("ops-alice");

    HttpResponse<String> found = search(admin, grantId);
    assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    JsonObject body = new JsonObject(found.body());
    assertThat(body.getJsonArray("results")).isNotEmpty();
    assertThat(body.getJsonArray("results").getJsonObject(0).getString("document_id")).isEqualTo(doc);
    RowSet<Row> readRows = auditNow("request_id", body.getString("request_id"));
    assertThat(readRows.size()).as("the read is in the audit log before its data was returned").isEqualTo(1);
    Row read = readRows.iterator().next();
    assertThat(read.getString("action")).isEqualTo("search");
    assertThat(read.getString("tenant_id")).isEqualTo(CLINIC);
    assertThat(read.getString("subject")).isEqualTo("ops-alice");
    assertThat(read.getString("reason_code")).isEqualTo("BREAK_GLASS");

    HttpResponse<String> document = send("GET", "/v1/documents/" + doc, admin, null, null, grantId);
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(document.body()).getString("title")).isEqualTo(TITLE);

    // reading only: no writes, deletes or key rotation under a grant
    assertThat(send("POST", "/v1/documents", admin, "text/plain", "x", grantId).statusCode()).isEqualTo(403);
    assertThat(send("POST", "/v1/admin/tenants/" + CLINIC + "/keys/rotate", admin, null, null, grantId).statusCode())
        .isIn(403, 404);
    // the grant is Alice's alone
    HttpResponse<String> bob = search(admin("ops-bob"), grantId);
    assertThat(bob.statusCode()).isEqualTo(403);
    assertThat(bob.body()).contains("BREAK_GLASS_DENIED");
    assertThat(search(admin, UUID.randomUUID().toString()).statusCode()).isEqualTo(403);
    assertThat(search(admin, "not-a-grant").statusCode()).isEqualTo(403);

    HttpResponse<String> meta = send("GET", "/v1/admin/tenants/" + CLINIC, admin, null, null, null);
    assertThat(new JsonObject(meta.body()).getLong("open_break_glass_grants")).isPositive();
  }

  @Test
  void anExpiredGrantIsRefused() throws Exception {
    String admin = admin("ops-erin");
    HttpResponse<String> opened = open(admin, new JsonObject().put("tenant_id", CLINIC).put("reason", REASON)
        .put("duration_seconds", 1));
    assertThat(opened.statusCode()).isEqualTo(201);
    String grantId = new JsonObject(opened.body()).getString("grant_id");
    Thread.sleep(1500);
    HttpResponse<String> late = search(admin, grantId);
    assertThat(late.statusCode()).isEqualTo(403);
    assertThat(late.body()).contains("BREAK_GLASS_EXPIRED");
    assertThat(late.body()).doesNotContain("results");
  }
}
