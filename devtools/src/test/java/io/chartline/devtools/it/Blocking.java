package io.chartline.devtools.it;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A blocking API client for tests that drive processes and raw clients step by step. */
final class Blocking implements AutoCloseable {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  Blocking(TestNode node) {
    this.base = "http://127.0.0.1:" + node.port();
  }

  String upload(String token, String contentType, String text) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
        .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
        .header("X-Document-Title", "note")
        .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new AssertionError("upload answered " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body()).getString("id");
  }

  JsonObject document(String token, String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/documents/" + id))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body());
  }

  void awaitIndexed(String token, String id) throws Exception {
    awaitStatus(token, List.of(id), "indexed");
  }

  void awaitAllParsed(String token, List<String> ids) throws Exception {
    awaitStatus(token, ids, "parsed");
  }

  private void awaitStatus(String token, List<String> ids, String status) throws Exception {
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(3).toMillis();
    for (String id : ids) {
      String last = null;
      while (System.currentTimeMillis() < deadline) {
        last = document(token, id).getString("status");
        if (status.equals(last)) {
          break;
        }
        if ("failed".equals(last)) {
          throw new AssertionError("document failed: " + document(token, id));
        }
        Thread.sleep(200);
      }
      if (!status.equals(last)) {
        throw new AssertionError("document " + id + " is " + last + ", expected " + status);
      }
    }
  }

  @Override
  public void close() {
    // the JDK client needs no explicit close on Java 17
  }
}
