package io.chartline.devtools;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A small blocking HTTP client for the CLI: talks to the API exactly as any client app would. */
final class DemoClient {

  /** A response: status and parsed JSON body (empty object when the body is not JSON). */
  record Reply(int status, JsonObject body) {
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  DemoClient(String base) {
    this.base = base;
  }

  /**
   * Uploads {@code file} as a raw body. The title is PHI and never goes in the URL: it travels in
   * {@code X-Document-Title}, percent-encoded UTF-8 ({@code URLEncoder} writes form encoding, where a
   * space is {@code +}, so spaces are re-encoded as {@code %20}).
   */
  Reply upload(String token, Path file, String contentType, String title) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/documents"))
        .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
        .header("X-Document-Title", URLEncoder.encode(title, StandardCharsets.UTF_8).replace("+", "%20"))
        .POST(HttpRequest.BodyPublishers.ofFile(file)).timeout(Duration.ofSeconds(60)).build();
    return send(req);
  }

  Reply get(String token, String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(30)).GET().build());
  }

  Reply post(String token, String path, JsonObject body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private Reply send(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    JsonObject body;
    try {
      body = resp.body().isEmpty() ? new JsonObject() : new JsonObject(resp.body());
    } catch (RuntimeException e) {
      body = new JsonObject();
    }
    return new Reply(resp.statusCode(), body);
  }
}
