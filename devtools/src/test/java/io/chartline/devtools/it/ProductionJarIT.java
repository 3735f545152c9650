package io.chartline.devtools.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.jwt.DevKeys;
import io.chartline.launcher.Settings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The production jar ({@code launcher/target/chartline.jar}) carries no dev tooling and runs from
 * anywhere: copied alone into an empty directory, with an empty home (no local Maven repository),
 * it serves the api, audit and ingest roles against the test services (the ingest role counts
 * tokens without the ONNX runtime), and refuses the dev commands with a pointer to the dev tools.
 * The ONNX runtime and model are an optional file beside it ({@code lib/chartline-onnx.jar}): a
 * role that embeds with them refuses to start without it, saying what is missing, and serves with it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ProductionJarIT {

  static final String TENANT = "it-prodjar";

  static Path builtJar() {
    Path jar = Path.of(System.getProperty("chartline.repo.root", "..")).resolve("launcher/target/chartline.jar");
    assertThat(jar).as("the production jar is built by the launcher module's package phase").exists();
    return jar;
  }

  static Path builtRuntime() {
    Path lib = builtJar().resolveSibling("lib").resolve("chartline-onnx.jar");
    assertThat(lib).as("the ONNX runtime file is built next to the production jar").exists();
    return lib;
  }

  @Test
  void carriesNoDevToolingAndNoBuildMachinePaths() throws Exception {
    try (JarFile jar = new JarFile(builtJar().toFile())) {
      List<String> dev = new ArrayList<>();
      jar.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("io/chartline/devstack/") || n.startsWith("io/chartline/bench/")
              || n.startsWith("io/chartline/devtools/") || n.startsWith("org/gaul/s3proxy/")
              || n.startsWith("org/elasticmq/") || n.startsWith("kafka/server/"))
          .limit(5).forEach(dev::add);
      assertThat(dev).as("dev tooling and local services inside the production jar").isEmpty();
      assertThat(jar.getEntry("io/chartline/launcher/Main.class")).isNotNull();
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("io.chartline.launcher.Main");
      assertThat(manifest.getMainAttributes().getValue("Class-Path")).as("only the optional runtime, relative")
          .isEqualTo("lib/chartline-onnx.jar");
      assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("ai/onnxruntime/") || n.endsWith(".onnx"))
          .limit(3).toList()).as("the ONNX runtime and model inside the production jar").isEmpty();
      assertThat(jar.getEntry("all-minilm-l6-v2-q-tokenizer.json")).as("the tokenizer, for the ingest role").isNotNull();
    }
    try (JarFile lib = new JarFile(builtRuntime().toFile())) {
      assertThat(lib.getEntry("ai/onnxruntime/OrtEnvironment.class")).isNotNull();
      assertThat(lib.getEntry("all-minilm-l6-v2-q.onnx")).isNotNull();
      assertThat(lib.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/chartline/")).limit(3).toList())
          .as("Chartline's own classes stay in the main jar").isEmpty();
    }
  }

  @Test
  void aRoleThatEmbedsWithTheLocalModelRefusesToStartWithoutTheRuntimeAndServesWithIt() throws Exception {
    Copied c = copied("chartline-prod-onnx-", "prodonnx");
    Path dir = c.dir();
    Path jar = c.jar();
    Path home = c.home();
    int port = c.port();
    Settings settings = c.settings();

    Process without = start(jar, dir, home, settings, "run", "--roles", "api,embed,query");
    try {
      assertThat(without.waitFor(90, TimeUnit.SECONDS)).as("a node that cannot embed stops").isTrue();
    } finally {
      without.destroyForcibly();
    }
    assertThat(without.exitValue()).isNotZero();
    assertThat(Files.readString(dir.resolve("node.log"))).contains("the ONNX runtime")
        .contains("lib/chartline-onnx.jar").contains("CHARTLINE_EMBEDDER=bedrock");

    Files.createDirectories(dir.resolve("lib"));
    Files.copy(builtRuntime(), dir.resolve("lib/chartline-onnx.jar"), StandardCopyOption.REPLACE_EXISTING);
    Process with = start(jar, dir, home, settings, "run", "--roles", "api,embed,query");
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      assertThat(awaitReady(http, "http://127.0.0.1:" + port, with))
          .as("readiness, the embedder's included, with the runtime beside the jar").isEqualTo(200);
    } finally {
      with.destroy();
      if (!with.waitFor(30, TimeUnit.SECONDS)) {
        with.destroyForcibly();
      }
    }
  }

  @Test
  void runsFromAnEmptyDirectoryOnAMachineThatDidNotBuildIt() throws Exception {
    Copied c = copied("chartline-prod-", "prodjar");
    Path dir = c.dir();
    Path jar = c.jar();
    Path home = c.home();
    DevKeys keys = c.keys();
    int port = c.port();
    Settings settings = c.settings();

    // the dev commands are not in this jar
    Process demo = start(jar, dir, home, settings, "demo");
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(demo.exitValue()).isEqualTo(2);
    assertThat(new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("dev tool").contains("chartline-dev.jar");

    Process node = start(jar, dir, home, settings, "run", "--roles", "api,audit,ingest");
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String base = "http://127.0.0.1:" + port;
      io.vertx.core.json.JsonObject checks = awaitProbed(http, base, node);
      assertThat(checks.fieldNames()).as("the api, audit and ingest roles' probes").contains("database", "kafka", "s3");
      checks.forEach(e -> assertThat(e.getValue()).as(e.getKey())
          .isEqualTo(e.getKey().equals("query") ? "DOWN" : "UP"));
      String token = keys.token(TENANT, "prod-user", List.of("clinician"), 600, Clock.systemUTC());
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      assertThat(list.body()).contains("\"items\"");
      HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString("Follow-up visit. Blood pressure is controlled on the current "
              + "dose. Continue lisinopril and recheck in three months."))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
      String id = new io.vertx.core.json.JsonObject(upload.body()).getString("id");
      assertThat(awaitStatus(http, base + "/v1/documents/" + id, token, "parsed"))
          .as("the ingest role parsed and chunked the upload, counting tokens without the ONNX runtime")
          .isEqualTo("parsed");
    } finally {
      node.destroy();
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    assertThat(home.toFile().list()).as("nothing expected in, or written to, the home directory").isEmpty();
  }

  /** The production jar copied alone into an empty directory, with an empty home and a JWKS file of fresh keys. */
  record Copied(Path dir, Path jar, Path home, DevKeys keys, int port, Settings settings) {
  }

  static Copied copied(String prefix, String name) throws Exception {
    Path dir = Files.createTempDirectory(prefix);
    Path jar = Files.copy(builtJar(), dir.resolve("chartline.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path home = Files.createDirectories(dir.resolve("home"));
    DevKeys keys = DevKeys.generate();
    Path jwks = Files.writeString(dir.resolve("jwks.json"), JwksRotationIT.jwks(keys).encode());
    int port = freePort();
    Settings settings = TestNode.isolatedSettings(name, Map.of("CHARTLINE_HTTP_PORT", Integer.toString(port),
        "CHARTLINE_AUTH_JWKS_FILE", jwks.toString()));
    return new Copied(dir, jar, home, keys, port, settings);
  }

  static Process start(Path jar, Path dir, Path home, Settings settings, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Duser.home=" + home, "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = new HashMap<>(settings.asMap());
    env.put("HOME", home.toString());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    if ("run".equals(args[0])) {
      pb.redirectOutput(dir.resolve("node.log").toFile());
    }
    return pb.start();
  }

  /**
   * The probes of an api node without a query backend once all but {@code query} answer: such a
   * node is not ready by design (no query role, no {@code CHARTLINE_QUERY_URLS}).
   */
  static io.vertx.core.json.JsonObject awaitProbed(HttpClient http, String base, Process node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    io.vertx.core.json.JsonObject last = null;
    while (System.nanoTime() < deadline && node.isAlive()) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        last = new io.vertx.core.json.JsonObject(r.body()).getJsonObject("checks");
        if (last != null && last.stream().allMatch(e -> e.getKey().equals("query") || "UP".equals(e.getValue()))) {
          return last;
        }
      } catch (IOException | io.vertx.core.json.DecodeException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the node's probes never answered: " + last);
  }

  static int awaitReady(HttpClient http, String base, Process node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int last = -1;
    while (System.nanoTime() < deadline && node.isAlive()) {
      try {
        last = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(5))
            .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (last == 200) {
          return last;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    return last;
  }

  /** @return the document's status once it is {@code wanted} or after a minute, whichever comes first */
  static String awaitStatus(HttpClient http, String url, String token, String wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
          "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        last = new io.vertx.core.json.JsonObject(r.body()).getString("status");
        if (wanted.equals(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    return last;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
