package io.chartline.devtools.it;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.function.Function;

/** An asynchronous client for the API under test. */
public final class ApiClient {

  private final Vertx vertx;
  private final WebClient web;

  public ApiClient(Vertx vertx, int port) {
    this.vertx = vertx;
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** Uploads a raw body; the title travels percent-encoded in {@code X-Document-Title}, never in the URL. */
  public Future<HttpResponse<Buffer>> upload(String token, String contentType, byte[] body, String title) {
    var req = web.post("/v1/documents").putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", contentType);
    if (title != null) {
      req.putHeader("X-Document-Title", java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8)
          .replace("+", "%20"));
    }
    return req.sendBuffer(Buffer.buffer(body));
  }

  public Future<HttpResponse<Buffer>> get(String token, String path) {
    return web.get(path).putHeader("Authorization", "Bearer " + token).send();
  }

  public Future<HttpResponse<Buffer>> postJson(String token, String path, String rawJson) {
    return web.post(path).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(rawJson));
  }

  public Future<HttpResponse<Buffer>> raw(io.vertx.core.http.HttpMethod method, String path, String token,
      String contentType, Buffer body) {
    var req = web.request(method, path);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      req.putHeader("Content-Type", contentType);
    }
    return body == null ? req.send() : req.sendBuffer(body);
  }

  /** Uploads and returns the new document id; fails unless the API answered 202. */
  public Future<String> uploadOk(String token, String contentType, byte[] body, String title) {
    return upload(token, contentType, body, title).compose(r -> r.statusCode() == 202
        ? Future.succeededFuture(r.bodyAsJsonObject().getString("id"))
        : Future.failedFuture("upload answered " + r.statusCode() + ": " + r.bodyAsString()));
  }

  /** Polls the document until its status is indexed or failed (or the deadline passes). */
  public Future<JsonObject> awaitSettled(String token, String id, long timeoutMs) {
    return poll(() -> get(token, "/v1/documents/" + id).map(HttpResponse::bodyAsJsonObject),
        d -> "indexed".equals(d.getString("status")) || "failed".equals(d.getString("status")), timeoutMs);
  }

  /** Repeats {@code step} every 200 ms until {@code done} holds for its result or time runs out. */
  public <T> Future<T> poll(java.util.function.Supplier<Future<T>> step, Function<T, Boolean> done, long timeoutMs) {
    Promise<T> p = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    pollOnce(step, done, deadline, p);
    return p.future();
  }

  private <T> void pollOnce(java.util.function.Supplier<Future<T>> step, Function<T, Boolean> done, long deadline,
      Promise<T> p) {
    step.get().onComplete(ar -> {
      if (ar.succeeded() && done.apply(ar.result())) {
        p.complete(ar.result());
      } else if (System.currentTimeMillis() > deadline) {
        p.fail(new AssertionError("condition not reached in time; last: "
            + (ar.succeeded() ? ar.result() : ar.cause())));
      } else {
        vertx.setTimer(200, id -> pollOnce(step, done, deadline, p));
      }
    });
  }
}
