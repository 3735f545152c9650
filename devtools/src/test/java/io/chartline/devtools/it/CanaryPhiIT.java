package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.devtools.it.RawHttp.Answer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Canary PHI — a fake patient name, an MRN-like number and a sentence, unique to the run — is put
 * into a document's text and title, a file name, search and query questions, malformed bodies, paths
 * and parameters. After ingest, search, query and a series of refused requests, the canaries appear
 * nowhere outside the PHI responses themselves: not in anything the node logged (any logger, any
 * level the project logs at, console output included), not in {@code /metrics}, not in any error
 * body, not in any audit_log row. A second test shows the detector does find a canary that is logged.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryPhiIT {

  static final String TENANT = "it-canary";
  static final Canaries CANARY = Canaries.planted();
  static LogCapture logs;
  static TestNode node;
  static Vertx vertx;
  static RawHttp http;
  static final List<Answer> errors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    logs = LogCapture.install();
    node = TestNode.start("canary");
    vertx = Vertx.vertx();
    http = new RawHttp(vertx, node.port());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      if (node != null) {
        node.close();
      }
    } finally {
      if (logs != null) {
        logs.close();
      }
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }

  /** Sends, keeps every non-2xx answer for the final scan, and checks the status. */
  static Answer expect(int status, Future<Answer> call) throws Exception {
    Answer a = await(call);
    if (a.status() >= 300) {
      errors.add(a);
    }
    assertThat(a.status()).as(a.toString()).isEqualTo(status);
    return a;
  }

  static Answer json(int status, String path, String token, String body) throws Exception {
    return expect(status, http.json(path, token, body));
  }

  @Test
  @Order(1)
  void canariesAppearInNoLogMetricErrorBodyOrAuditRow() throws Exception {
    String clinician = node.token(TENANT, "clinician");
    String note = "Discharge summary. Patient name: " + CANARY.name + ". Medical record number: " + CANARY.mrn
        + ". " + CANARY.sentence + " " + Texts.note(7, 8);

    // GIVEN a document carrying the canaries in its text and title, and one in its file name
    String id = new JsonObject(expect(202, http.call(HttpMethod.POST, "/v1/documents", clinician,
        Map.of("Content-Type", "text/plain", "X-Document-Title", Canaries.pct("Summary for " + CANARY.name + " "
            + CANARY.mrn)), Buffer.buffer(note.getBytes(StandardCharsets.UTF_8)))).body()).getString("id");
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(node.port()));
    int multipart = await(web.post("/v1/documents").putHeader("Authorization", "Bearer " + clinician)
        .sendMultipartForm(MultipartForm.create().textFileUpload("file", CANARY.name + " " + CANARY.mrn + ".txt",
            Buffer.buffer(note.getBytes(StandardCharsets.UTF_8)), "text/plain"))).statusCode();
    assertThat(multipart).isEqualTo(202);
    ApiClient api = new ApiClient(vertx, node.port());
    assertThat(await(api.awaitSettled(clinician, id, 120_000)).getString("status")).isEqualTo("indexed");

    // WHEN it is searched and queried with the canaries in the questions
    Answer search = json(200, "/v1/search", clinician, new JsonObject()
        .put("query", CANARY.name + " " + CANARY.sentence).put("top_k", 3).encode());
    json(200, "/v1/query", clinician, new JsonObject()
        .put("question", "Which protocol was explained to " + CANARY.name + " (" + CANARY.mrn + ")?").encode());
    // the PHI response itself carries the text: the canary really went through the pipeline
    assertThat(CANARY.foundIn(search.body())).isNotEmpty();

    // AND requests that fail carry them in bodies, parameters, paths and headers
    String n = CANARY.name;
    json(400, "/v1/search", clinician, "{\"query\": \"" + n + " " + CANARY.mrn);
    json(400, "/v1/search", clinician, "{\"" + n.replace(' ', '_') + "\": \"" + CANARY.mrn + "\"}");
    json(400, "/v1/query", clinician, new JsonObject().put("question", (CANARY.sentence + " ").repeat(40)).encode());
    json(400, "/v1/search", clinician, "{\"query\": " + "[".repeat(40) + "\"" + n + "\"" + "]".repeat(40) + "}");
    json(400, "/v1/search", clinician, new JsonObject().put("query", n).put("top_k", CANARY.mrn).encode());
    json(400, "/v1/query", clinician, "{\"question\": \"" + n + "\", \"question\": ");
    expect(415, http.call(HttpMethod.POST, "/v1/search", clinician, Map.of("Content-Type", "text/plain"),
        Buffer.buffer(n + " " + CANARY.mrn)));
    expect(415, http.call(HttpMethod.POST, "/v1/documents", clinician, Map.of("Content-Type", "application/msword",
        "X-Document-Title", Canaries.pct(n)), Buffer.buffer(CANARY.sentence)));
    expect(400, http.call(HttpMethod.POST, "/v1/documents", clinician, Map.of("Content-Type", "text/plain",
        "X-Document-Title", Canaries.pct((n + " " + CANARY.mrn).repeat(20))), Buffer.buffer(CANARY.sentence)));
    expect(400, http.call(HttpMethod.POST, "/v1/documents", clinician, Map.of("Content-Type", "text/plain",
        "X-Document-Title", Canaries.pct(n)), Buffer.buffer()));
    // a title in the URL is refused: access logs and proxies would keep it
    expect(400, http.call(HttpMethod.POST, "/v1/documents?title=" + Canaries.url(n), clinician,
        Map.of("Content-Type", "text/plain"), Buffer.buffer(CANARY.sentence)));
    expect(400, http.get("/v1/documents?status=" + Canaries.url(n) + "&limit=" + CANARY.mrn, clinician));
    expect(404, http.get("/v1/documents/" + n.replace(' ', '-') + "-" + CANARY.mrn, clinician));
    expect(403, http.json("/v1/search", node.token(TENANT, "auditor"), new JsonObject().put("query", n).encode()));
    expect(401, http.get("/v1/documents/" + n.replace(' ', '-'), "not-a-token-" + CANARY.mrn));
    expect(401, http.json("/v1/query", null, new JsonObject().put("question", CANARY.sentence).encode()));

    Answer metrics = expect(200, http.get("/metrics", null));
    List<String> audit = awaitAuditRows();

    // THEN no canary outside the PHI responses
    Map<String, String> sinks = new LinkedHashMap<>();
    sinks.put("node logs", logs.text());
    sinks.put("metrics", metrics.body());
    sinks.put("error bodies", String.join("\n", errors.stream().map(Answer::toString).toList()));
    sinks.put("audit_log rows", String.join("\n", audit));
    List<String> leaks = new ArrayList<>();
    sinks.forEach((sink, text) -> {
      if (!CANARY.foundIn(text).isEmpty()) {
        leaks.add(sink + " contains " + CANARY.foundIn(text) + CANARY.context(text));
      }
    });
    assertThat(leaks).as("canary PHI outside PHI responses").isEmpty();
    // the scans looked at real material
    assertThat(logs.text()).contains("node started").contains("document indexed");
    assertThat(errors).hasSizeGreaterThanOrEqualTo(15);
    assertThat(metrics.body()).contains("vertx_http_server_requests_total");
    assertThat(audit).anyMatch(r -> r.contains("\"action\":\"query\"")).anyMatch(r -> r.contains("auth.authenticate"));
  }

  @Test
  @Order(2)
  void theDetectorFindsACanaryLoggedThroughTheSameCapture() {
    Canaries probe = Canaries.selfCheck();
    assertThat(probe.foundIn(logs.text())).isEmpty();

    LoggerFactory.getLogger("io.chartline.api.DocumentRoutes").debug("upload failed [title: {}]", probe.name);
    LoggerFactory.getLogger("io.vertx.core.impl.ContextImpl").error("unhandled",
        new IllegalStateException("bad row " + probe.mrn));
    System.err.println("stray print " + Canaries.url(probe.sentence));

    String captured = logs.text();
    assertThat(probe.foundIn(captured)).containsExactlyInAnyOrder("Zenobia", "Quattlebaum",
        probe.mrn.substring(4), "pentadecimal", "erythromelalgic");
    assertThat(probe.foundIn(new JsonObject().put("t", probe.name.toUpperCase()).encode())).contains("Zenobia");
    assertThat(CANARY.foundIn(probe.name + " " + probe.mrn + " " + probe.sentence)).isEmpty();
  }

  /**
   * All audit_log rows as JSON, read as the superuser once the rows the test expects are there and
   * the audit consumer has committed past everything on its topic (no sleep to let stragglers in).
   */
  static List<String> awaitAuditRows() throws Exception {
    Pool admin = Superuser.pool(node.node().vertx(), node.config().db());
    try {
      List<String> rows = List.of();
      long deadline = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < deadline) {
        rows = auditRows(admin);
        boolean expected = rows.stream().anyMatch(r -> r.contains("\"action\":\"query\""))
            && rows.stream().filter(r -> r.contains("auth.authenticate")).count() >= 2;
        if (expected) {
          Consumed.awaitAllHandled(node, node.config().kafka().topics().audit(), 60_000);
          return auditRows(admin);
        }
        Thread.sleep(200);
      }
      throw new AssertionError("the expected audit rows did not arrive; last: " + rows.size());
    } finally {
      admin.close();
    }
  }

  private static List<String> auditRows(Pool admin) throws Exception {
    return await(admin.query("SELECT row_to_json(a)::text FROM audit_log a ORDER BY seq").execute()
        .map(rs -> {
          List<String> out = new ArrayList<>();
          rs.forEach(r -> out.add(r.getString(0)));
          return out;
        }));
  }
}
