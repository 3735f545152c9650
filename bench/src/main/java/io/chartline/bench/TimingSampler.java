package io.chartline.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One more closed-loop client, at a low rate, that keeps the {@code timings} the service returns:
 * {@code [search_ms - open_ms, open_ms]} per successful search.
 */
final class TimingSampler implements AutoCloseable {

  private final List<double[]> samples = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile boolean running = true;

  TimingSampler(String apiBase, List<String> tokens, List<String> questions, long seed) {
    HttpClient http = HttpClient.newHttpClient();
    Random rnd = new Random(seed);
    thread = new Thread(() -> {
      while (running) {
        String body = new JsonObject().put("query", questions.get(rnd.nextInt(questions.size())))
            .put("top_k", 10).encode();
        HttpRequest req = HttpRequest.newBuilder(URI.create(apiBase + "/v1/search"))
            .header("Authorization", "Bearer " + tokens.get(rnd.nextInt(tokens.size())))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
          HttpResponse<String> res = http.send(req, BodyHandlers.ofString());
          if (res.statusCode() == 200) {
            JsonObject timings = new JsonObject(res.body()).getJsonObject("timings");
            double open = timings.getDouble("open_ms", 0.0);
            samples.add(new double[] {timings.getDouble("search_ms") - open, open});
          }
          Thread.sleep(100); // blocking-ok: sampler thread of the benchmark, never an event loop
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // a failed sample is left out; wrk counts the errors of the measured load
        }
      }
    }, "bench-timing-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  List<double[]> samples() {
    synchronized (samples) {
      return new ArrayList<>(samples);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(15_000);
  }
}
