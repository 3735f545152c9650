package io.chartline.devtools.it;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP client for hostile requests: any header, any number of them, any body, any Content-Type
 * (or none), each on its own connection so a refused request cannot disturb the next one.
 */
final class RawHttp {

  private final HttpClient client;
  private final int port;

  RawHttp(Vertx vertx, int port) {
    this.client = vertx.createHttpClient();
    this.port = port;
  }

  /** A response, headers keyed in lower case. */
  record Answer(int status, Map<String, String> headers, String body) {

    /** @return the stable error code of an error body, or null when the body is not one */
    String code() {
      try {
        JsonObject error = new JsonObject(body).getJsonObject("error");
        return error == null ? null : error.getString("code");
      } catch (RuntimeException e) {
        return null;
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Future<Answer> call(HttpMethod method, String uri, String token, Map<String, String> headers, Buffer body) {
    RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .putHeader("Connection", "close");
    if (token != null) {
      o.putHeader("Authorization", "Bearer " + token);
    }
    headers.forEach(o::putHeader);
    return client.request(o)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), headersOf(resp), b.toString())));
  }

  Future<Answer> json(String uri, String token, String json) {
    return call(HttpMethod.POST, uri, token, Map.of("Content-Type", "application/json"), Buffer.buffer(json));
  }

  Future<Answer> get(String uri, String token) {
    return call(HttpMethod.GET, uri, token, Map.of(), null);
  }

  private static Map<String, String> headersOf(HttpClientResponse resp) {
    Map<String, String> out = new TreeMap<>();
    resp.headers().forEach(e -> out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return out;
  }
}
