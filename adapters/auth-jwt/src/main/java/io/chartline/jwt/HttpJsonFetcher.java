package io.chartline.jwt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GETs small JSON documents over HTTP(S) without blocking: the whole exchange is bounded by a
 * timeout, the body by a size cap, redirects are not followed, and TLS verifies the server's
 * certificate and host name against the JVM's trust store.
 */
final class HttpJsonFetcher implements JsonFetcher {

  private final Vertx vertx;
  private final HttpClient client;
  private final long timeoutMs;
  private final int maxBytes;

  HttpJsonFetcher(Vertx vertx, Duration timeout, int maxBytes) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.timeoutMs = timeout.toMillis();
    this.maxBytes = maxBytes;
    this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setTrustAll(false)
        .setKeepAlive(false).setMaxRedirects(0));
  }

  @Override
  public Future<JsonObject> get(URI uri) {
    Promise<JsonObject> result = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long timer = vertx.setTimer(timeoutMs, id -> {
      if (result.tryFail(new TimeoutException("no complete answer within " + timeoutMs + " ms"))) {
        HttpClientRequest request = sent.get(); // blocking-ok: AtomicReference read
        if (request != null) {
          request.reset();
        }
      }
    });
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString())
        .setFollowRedirects(false).setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
        .putHeader("Accept", "application/json");
    client.request(options)
        .compose(request -> {
          sent.set(request);
          return request.send();
        })
        .onComplete(ar -> {
          if (ar.failed()) {
            result.tryFail(ar.cause());
          } else {
            read(ar.result(), result);
          }
        });
    return result.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void read(HttpClientResponse response, Promise<JsonObject> result) {
    response.exceptionHandler(result::tryFail);
    if (response.statusCode() != 200) {
      result.tryFail(new IllegalStateException("answered HTTP " + response.statusCode()));
      response.request().reset();
      return;
    }
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + chunk.length() > maxBytes) {
        if (result.tryFail(new IllegalStateException("document larger than " + maxBytes + " bytes"))) {
          response.request().reset();
        }
      } else {
        body.appendBuffer(chunk);
      }
    });
    response.endHandler(v -> {
      Object parsed;
      try {
        parsed = body.toJsonValue();
      } catch (RuntimeException e) {
        result.tryFail(new IllegalStateException("not a JSON document"));
        return;
      }
      if (parsed instanceof JsonObject o) {
        result.tryComplete(o);
      } else {
        result.tryFail(new IllegalStateException("not a JSON object"));
      }
    });
  }

  Future<Void> close() {
    return client.close();
  }
}
