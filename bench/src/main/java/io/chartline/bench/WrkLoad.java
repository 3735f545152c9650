package io.chartline.bench;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load from a separate process (wrk): the load generator's own work then stays out
 * of the service's JVM. Each connection sends its next request when the last one answered.
 */
final class WrkLoad {

  /** Latency percentiles (ms), successful requests per second and non-2xx or socket errors. */
  record Result(double p50, double p95, double p99, double qps, long errors) {
  }

  private final String apiBase;
  private final Path script;

  private WrkLoad(String apiBase, Path script) {
    this.apiBase = apiBase;
    this.script = script;
  }

  /** @return a wrk load for POST /v1/search with random tenant tokens and questions, or null when wrk is absent. */
  static WrkLoad create(String apiBase, List<String> tokens, List<String> questions) throws IOException {
    if (!available()) {
      return null;
    }
    String lua = "local tokens = " + luaList(tokens) + "\n"
        + "local bodies = " + luaList(questions.stream().map(q -> "{\"query\":" + new JsonArray().add(q).encode()
            .replaceAll("^\\[|\\]$", "") + ",\"top_k\":10}").toList()) + "\n"
        + "math.randomseed(7)\n"
        + "request = function()\n"
        + "  return wrk.format(\"POST\", \"/v1/search\", {[\"Authorization\"] = \"Bearer \" .. "
        + "tokens[math.random(#tokens)], [\"Content-Type\"] = \"application/json\"}, bodies[math.random(#bodies)])\n"
        + "end\n"
        + "done = function(s, latency, requests)\n"
        + "  local e = s.errors\n"
        + "  io.write(string.format(\"RESULT %d %d %d %.3f %.3f %.3f\\n\", s.requests, "
        + "e.status + e.connect + e.read + e.write + e.timeout, s.duration, latency:percentile(50) / 1000, "
        + "latency:percentile(95) / 1000, latency:percentile(99) / 1000))\n"
        + "end\n";
    Path file = Files.createTempFile("chartline-search", ".lua");
    Files.writeString(file, lua, StandardCharsets.UTF_8);
    return new WrkLoad(apiBase, file);
  }

  /** Runs {@code clients} connections for {@code seconds}. Blocking. */
  Result run(int clients, int seconds) throws Exception {
    Process p = new ProcessBuilder("wrk", "-t", "1", "-c", Integer.toString(clients), "-d", seconds + "s",
        "--timeout", "10s", "-s", script.toString(), apiBase).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    for (String line : out.split("\n")) {
      if (line.startsWith("RESULT ")) {
        String[] f = line.trim().split(" ");
        long requests = Long.parseLong(f[1]);
        long errors = Long.parseLong(f[2]);
        double secs = Long.parseLong(f[3]) / 1e6;
        return new Result(Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
            (requests - errors) / secs, errors);
      }
    }
    throw new IOException("wrk printed no result: " + out);
  }

  static boolean available() {
    try {
      Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String luaList(List<String> values) {
    StringBuilder sb = new StringBuilder("{");
    for (String v : values) {
      sb.append(luaString(v)).append(',');
    }
    return sb.append('}').toString();
  }

  private static String luaString(String v) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f) {
        sb.append('\\').append(String.format("%03d", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.append('"').toString();
  }
}
