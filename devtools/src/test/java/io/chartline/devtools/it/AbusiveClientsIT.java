package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that try to cost the service without ever authenticating, against a running node: a flood
 * of tokenless requests from one address is limited (429 with {@code Retry-After}) and audited in
 * aggregate, not one row per request, while a valid token from that address and tokenless requests
 * from another address are still answered normally; clients that trickle a request head or body are
 * cut off at their deadlines and store nothing. The node runs with the default per-source limit and
 * short deadlines and audit window, so the test takes seconds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AbusiveClientsIT {

  static final String TENANT = "it-abusive";
  static TestNode node;
  static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(TestNode.isolatedSettings("abusive", Map.of(
            "CHARTLINE_AUDIT_AUTH_FAILURE_WINDOW", "3s",
            "CHARTLINE_HTTP_HEADER_TIMEOUT", "1500ms",
            "CHARTLINE_HTTP_KEEP_ALIVE_TIMEOUT", "1500ms",
            "CHARTLINE_HTTP_BODY_GRACE", "1500ms",
            "CHARTLINE_HTTP_BODY_MIN_RATE", "1000")),
        java.util.EnumSet.allOf(io.chartline.launcher.Role.class), io.chartline.jwt.DevKeys.generate());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.close();
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static WebClient client(String localAddress) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port())
        .setLocalAddress(localAddress), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32));
  }

  /** One row of the authentication failures audited since {@code since}. */
  record FailureRow(String reason, String source, Integer occurrences, JsonObject reasonCounts) {
  }

  static List<FailureRow> failuresSince(OffsetDateTime since) throws Exception {
    Pool admin = Superuser.pool(vertx, node.config().db());
    try {
      List<FailureRow> rows = new ArrayList<>();
      for (Row r : await(admin.preparedQuery("SELECT reason_code, resource_id, occurrences, reason_counts::text "
              + "FROM audit_log WHERE action = 'auth.authenticate' AND occurred_at >= $1 ORDER BY occurred_at")
          .execute(Tuple.of(since)))) {
        String counts = r.getString(3);
        rows.add(new FailureRow(r.getString(0), r.getString(1), r.getInteger(2),
            counts == null ? null : new JsonObject(counts)));
      }
      return rows;
    } finally {
      admin.close();
    }
  }

  @Test
  void aTokenlessFloodIsLimitedAndAuditedInAggregate() throws Exception {
    OffsetDateTime since = OffsetDateTime.now().minusSeconds(1);
    WebClient flood = client("127.0.0.1");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      sent.add(flood.get("/v1/documents").send());
    }
    await(Future.join(sent));
    Map<Integer, Integer> byStatus = new HashMap<>();
    for (Future<HttpResponse<Buffer>> f : sent) {
      HttpResponse<Buffer> r = f.result();
      byStatus.merge(r.statusCode(), 1, Integer::sum);
      if (r.statusCode() == 429) {
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(r.getHeader("Retry-After"))).isBetween(1, 60);
      } else {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(401);
      }
    }
    // the default bucket: 100 at once, then 10 per second while the flood lasts
    assertThat(byStatus.getOrDefault(401, 0)).isBetween(100, 150);
    assertThat(byStatus.get(429)).isEqualTo(300 - byStatus.get(401));

    // a valid token from the flooding address is still served; another address is not limited
    HttpResponse<Buffer> valid = await(flood.get("/v1/documents")
        .putHeader("Authorization", "Bearer " + node.token(TENANT, "clinician")).send());
    assertThat(valid.statusCode()).as(valid.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> other = await(client("127.0.0.2").get("/v1/documents").send());
    assertThat(other.statusCode()).isEqualTo(401);
    assertThat(other.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNAUTHENTICATED");

    // once the window has closed: the first of each reason alone, the rest in one row with its count
    List<FailureRow> rows = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      rows = failuresSince(since);
      if (rows.stream().anyMatch(r -> r.occurrences() != null)) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(rows).as("audit rows for 301 refused requests").hasSizeLessThanOrEqualTo(4);
    List<FailureRow> alone = rows.stream().filter(r -> r.occurrences() == null).toList();
    assertThat(alone).extracting(FailureRow::reason)
        .containsExactlyInAnyOrder("TOKEN_MISSING", "RATE_LIMITED", "TOKEN_MISSING");
    List<FailureRow> aggregated = rows.stream().filter(r -> r.occurrences() != null).toList();
    assertThat(aggregated).hasSize(1);
    FailureRow flooded = aggregated.get(0);
    assertThat(flooded.reason()).isEqualTo("REPEATED_FAILURES");
    assertThat(flooded.source()).isEqualTo("127.0.0.1");
    assertThat(flooded.occurrences()).isEqualTo(298);
    assertThat(flooded.reasonCounts().getInteger("TOKEN_MISSING")).isEqualTo(byStatus.get(401) - 1);
    assertThat(flooded.reasonCounts().getInteger("RATE_LIMITED")).isEqualTo(byStatus.get(429) - 1);

    // the aggregated event on the audit stream follows the written contract
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(
        Files.readString(Path.of(System.getProperty("chartline.repo.root", "..")).resolve("docs/events")
            .resolve("audit.events.v1.schema.json")), InputFormat.JSON);
    List<String> repeats = ResilienceIT.readAll(node, node.config().kafka().topics().audit()).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8)).filter(v -> v.contains("\"repeats\"")).toList();
    assertThat(repeats).hasSize(1);
    assertThat(schema.validate(repeats.get(0), InputFormat.JSON)).isEmpty();
    assertThat(new JsonObject(repeats.get(0)).getJsonObject("resource").getJsonObject("repeats").getInteger("count"))
        .isEqualTo(298);
  }

  /** What a raw client saw: when the server closed (ms after the head began) and what it answered. */
  record Trickled(long closedAfterMs, String answer) {
  }

  /**
   * Sends {@code prefix} at once, then {@code rest} one byte per {@code intervalMs}, from
   * {@code localAddress}, until the server closes the connection (or 20 s pass).
   */
  static Trickled trickle(String localAddress, String prefix, byte[] rest, long intervalMs) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(localAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
      long start = System.nanoTime();
      AtomicLong closedAt = new AtomicLong();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> {
        try (InputStream in = socket.getInputStream()) {
          in.transferTo(answer);
        } catch (java.io.IOException e) {
          // a reset is a close too
        }
        closedAt.set(System.nanoTime());
      });
      reader.start();
      OutputStream out = socket.getOutputStream();
      try {
        out.write(prefix.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int i = 0; i < rest.length && reader.isAlive() && System.nanoTime() - start < 20_000_000_000L; i++) {
          Thread.sleep(intervalMs);
          out.write(rest[i]);
          out.flush();
        }
      } catch (java.io.IOException e) {
        // the server closed while we were writing
      }
      reader.join(20_000);
      assertThat(reader.isAlive()).as("the server never closed the connection").isFalse();
      return new Trickled((closedAt.get() - start) / 1_000_000, answer.toString(StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void aTrickledHeadIsClosedAtItsDeadline() throws Exception {
    byte[] headers = "Host: x\r\nX-One: 1\r\nX-Two: 2\r\nX-Three: 3\r\nX-Four: 4\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    Trickled t = trickle("127.0.0.3", "GET /v1/documents HTTP/1.1\r\n", headers, 200);
    assertThat(t.closedAfterMs()).isBetween(1000L, 5000L);
    assertThat(t.answer()).isEmpty();
  }

  @Test
  void aTrickledUploadGets408AndStoresNothing() throws Exception {
    String token = node.token(TENANT, "clinician");
    String before = listing(token);
    byte[] body = new byte[2000];
    java.util.Arrays.fill(body, (byte) 'a');
    Trickled t = trickle("127.0.0.3", "POST /v1/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: text/plain\r\nX-Document-Title: slow\r\nContent-Length: " + body.length + "\r\n\r\n",
        body, 100);
    assertThat(t.closedAfterMs()).isBetween(1000L, 8000L);
    assertThat(t.answer()).startsWith("HTTP/1.1 408").contains("\"code\":\"REQUEST_TIMEOUT\"");
    assertThat(listing(token)).isEqualTo(before);
  }

  /** The ids of the tenant's documents, as the listing answers them. */
  static String listing(String token) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.port() + "/v1/documents"))
            .header("Authorization", "Bearer " + token).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonArray("items").encode();
  }
}
