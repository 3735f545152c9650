package io.chartline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Closed-loop HTTP load: {@code clients} loops, each sending its next request when the last answered. */
final class LoadGenerator implements AutoCloseable {

  /** Latencies (ms) of successful requests, errors, and the wall time of the run. */
  record Result(double[] latenciesMs, int errors, double seconds) {
    double qps() {
      return latenciesMs.length / seconds;
    }
  }

  /** One request: bearer token and JSON body. */
  record Request(String token, JsonObject body) {
  }

  private final Vertx vertx = Vertx.vertx();
  private final WebClient web;

  LoadGenerator(String apiBase, int maxClients) {
    URI uri = URI.create(apiBase);
    web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(maxClients));
  }

  /** Sends {@code total} requests made by {@code requests} over {@code clients} loops. Blocking. */
  Result run(String path, int clients, int total, IntFunction<Request> requests) throws Exception {
    return run(path, clients, total, 0, requests);
  }

  /**
   * As {@link #run(String, int, int, IntFunction)}, each loop waiting {@code thinkMs} after each
   * answer before its next request.
   */
  Result run(String path, int clients, int total, long thinkMs, IntFunction<Request> requests) throws Exception {
    double[] lat = new double[total];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<Future<Void>> loops = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(path, next, total, thinkMs, requests, lat, ok, errors, done));
      loops.add(done.future());
    }
    Future.all(loops).toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double[] got = new double[ok.get()];
    System.arraycopy(lat, 0, got, 0, got.length);
    return new Result(got, errors.get(), seconds);
  }

  private void loop(String path, AtomicInteger next, int total, long thinkMs, IntFunction<Request> requests,
      double[] lat, AtomicInteger ok, AtomicInteger errors, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= total) {
      done.complete();
      return;
    }
    Request r = requests.apply(i);
    long t = System.nanoTime();
    web.post(path).putHeader("Authorization", "Bearer " + r.token()).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(r.body().encode()))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 200) {
            lat[ok.getAndIncrement()] = (System.nanoTime() - t) / 1e6;
          } else {
            errors.incrementAndGet();
          }
          if (thinkMs > 0) {
            vertx.setTimer(thinkMs, id -> loop(path, next, total, thinkMs, requests, lat, ok, errors, done));
          } else {
            loop(path, next, total, thinkMs, requests, lat, ok, errors, done);
          }
        });
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
