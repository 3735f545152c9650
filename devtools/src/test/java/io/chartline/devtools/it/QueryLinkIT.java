package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.query.LinkAuth;
import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * api and query in separate processes over the query link (ADR 0019): an api node is ready only
 * with a ready query node, spreads searches over the query nodes, keeps answering when one is
 * killed with {@code kill -9} mid-run (every request answered or refused with a clear code within
 * its timeout), and a query node refuses requests without the link's proof.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class QueryLinkIT {

  private static final String TENANT = "link-clinic";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A fresh link key, as an operator would generate it. */
  static String newKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  @Test
  void searchesSpreadOverQueryNodesAndSurviveOneBeingKilled() throws Exception {
    int childPort = freePort();
    int localPort = freePort();
    // the clients below search flat out: rate limits are not what this measures
    Settings settings = TestNode.isolatedSettings("querylink", Map.of("CHARTLINE_QUERY_LINK_KEYS", newKey(),
        "CHARTLINE_QUERY_PROBE_INTERVAL", "200ms", "CHARTLINE_RATE_TENANT_RPS", "0", "CHARTLINE_RATE_USER_RPS", "0"));
    DevKeys keys = DevKeys.generate();
    Settings front = settings.with("CHARTLINE_QUERY_URLS", "http://127.0.0.1:" + childPort + ",http://127.0.0.1:"
        + localPort);
    try (TestNode api = TestNode.start(front, EnumSet.of(Role.API, Role.INGEST, Role.EMBED, Role.AUDIT), keys);
        Blocking client = new Blocking(api)) {
      String token = api.token(TENANT, "clinician");
      HttpResponse<String> notReady = get(api.port(), "/health/ready");
      assertThat(notReady.statusCode()).as("no query node yet").isEqualTo(503);
      assertThat(new JsonObject(notReady.body()).getJsonObject("checks").getString("query")).isNotEqualTo("UP");
      HttpResponse<String> refused = search(api.port(), token, "blood pressure");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("UNAVAILABLE");

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(client.upload(token, "text/plain", Texts.note(i, 30)));
      }
      for (String id : ids) {
        client.awaitIndexed(token, id);
      }
      Process child = queryProcess(settings, childPort);
      try (TestNode local = TestNode.start(settings.with("CHARTLINE_QUERY_PORT", Integer.toString(localPort)),
          EnumSet.of(Role.QUERY), keys)) {
        awaitReady(api.port(), child);
        awaitBothProbed(api.port(), token);
        double before = served(local);
        int n = 24;
        for (int i = 0; i < n; i++) {
          HttpResponse<String> r = search(api.port(), token, "blood pressure " + i);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          assertThat(new JsonObject(r.body()).getJsonArray("results")).isNotEmpty();
        }
        double here = served(local) - before;
        assertThat(here).as("searches served by the in-process query node of %s", n).isBetween(n * 0.25, n * 0.75);

        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(apiUri(api.port(), "/v1/query"))
            .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json").header("Accept", "text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("question", "what was the heart rate?")
                .encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("event: done");

        // four clients search without pause while the child is killed with no chance to close anything
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          int seed = c;
          clients.add(pool.submit(() -> {
            int i = 0;
            while (running.get()) {
              long start = System.nanoTime();
              try {
                HttpResponse<String> r = search(api.port(), token, "plan " + seed + " " + i++);
                long ms = (System.nanoTime() - start) / 1_000_000;
                String code = r.statusCode() == 200 ? "200"
                    : r.statusCode() + ":" + new JsonObject(r.body()).getJsonObject("error").getString("code");
                outcomes.add(code + "@" + ms);
              } catch (Exception e) {
                outcomes.add("hang:" + e.getClass().getSimpleName());
              }
            }
            return null;
          }));
        }
        Thread.sleep(1_500);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(3_000);
        running.set(false);
        for (Future<?> f : clients) {
          f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(outcomes).as("every search answered or refused with a code, none hung").isNotEmpty()
            .allMatch(o -> o.startsWith("200@") || o.startsWith("503:UNAVAILABLE@") || o.startsWith("504:TIMEOUT@"));
        long failures = outcomes.stream().filter(o -> !o.startsWith("200@")).count();
        assertThat(failures).as("a lost request is sent to the other node: %s", outcomes).isLessThanOrEqualTo(4);
        assertThat(get(api.port(), "/health/ready").statusCode()).as("one query node left").isEqualTo(200);
        for (int i = 0; i < 5; i++) {
          assertThat(search(api.port(), token, "after " + i).statusCode()).isEqualTo(200);
        }

        // a query node takes nothing without the link's proof, nor a replayed one
        byte[] body = new JsonObject().put("tenant", TENANT).put("mode", "search").put("text", "x").put("top_k", 3)
            .put("request_id", "r1").toBuffer().getBytes();
        String forged = new LinkAuth(List.of(Base64.getDecoder().decode(newKey())), Clock.systemUTC())
            .sign("POST", "/internal/v1/query", body);
        assertThat(link(localPort, body, null).statusCode()).isEqualTo(401);
        assertThat(link(localPort, body, forged).statusCode()).isEqualTo(401);
        String real = new LinkAuth(List.of(Base64.getDecoder().decode(settings.str("CHARTLINE_QUERY_LINK_KEYS", null))),
            Clock.systemUTC()).sign("POST", "/internal/v1/query", body);
        assertThat(link(localPort, body, real).statusCode()).isEqualTo(200);
        assertThat(link(localPort, body, real).statusCode()).as("replayed").isEqualTo(401);
      } finally {
        child.destroyForcibly();
      }
      // the last query node stopped: not ready, and searches are refused at once
      long deadline = System.currentTimeMillis() + 10_000;
      while (get(api.port(), "/health/ready").statusCode() != 503 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(get(api.port(), "/health/ready").statusCode()).isEqualTo(503);
      long start = System.nanoTime();
      HttpResponse<String> none = search(api.port(), token, "anything");
      assertThat(none.statusCode()).isEqualTo(503);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void anApiNodeWithoutAQueryBackendSaysSoAndIsNotReady() throws Exception {
    try (TestNode api = TestNode.start(TestNode.isolatedSettings("nobackend", Map.of()), EnumSet.of(Role.API),
        DevKeys.generate())) {
      HttpResponse<String> ready = get(api.port(), "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      HttpResponse<String> r = search(api.port(), api.token(TENANT, "clinician"), "anything");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("CHARTLINE_QUERY_URLS");
    }
  }

  private static double served(TestNode node) {
    Counter c = node.node().registry().find("chartline.query.link.requests").tag("outcome", "answered").counter();
    return c == null ? 0 : c.count();
  }

  /** Until both query nodes have served a search, so the spread below starts from both being known ready. */
  private void awaitBothProbed(int port, String token) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject metrics = new JsonObject();
      String text = get(port, "/metrics").body();
      for (String line : text.split("\n")) {
        if (line.startsWith("chartline_query_link_ready_nodes")) {
          metrics.put("ready", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
      }
      if (metrics.getDouble("ready", 0.0) >= 2) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("both query nodes never became ready");
  }

  private void awaitReady(int port, Process child) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (!child.isAlive()) {
        throw new AssertionError("the query process exited: " + child.exitValue());
      }
      if (get(port, "/health/ready").statusCode() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the api node never became ready");
  }

  private HttpResponse<String> link(int port, byte[] body, String proof) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/v1/query"))
        .timeout(REQUEST_TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (proof != null) {
      b.header(LinkAuth.HEADER, proof);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> search(int port, String token, String query) throws Exception {
    return http.send(HttpRequest.newBuilder(apiUri(port, "/v1/search")).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("query", query).put("top_k", 3).encode(),
            StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(apiUri(port, path)).timeout(REQUEST_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI apiUri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@code run --roles query} in its own JVM, serving the link on {@code port}, so it can be killed. */
  private static Process queryProcess(Settings settings, int port) throws Exception {
    Path log = Files.createTempFile("query-child", ".log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.chartline.launcher.Main", "run",
        "--roles", "query");
    pb.environment().putAll(settings.asMap());
    pb.environment().put("CHARTLINE_QUERY_PORT", Integer.toString(port));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }
}
