package io.chartline.devtools;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Asks each tenant's sample questions through {@code POST /v1/query} and prints cited answers. */
final class DemoQuestions {

  private final DemoClient client;
  private final Map<String, String> tokens;

  DemoQuestions(DemoClient client, Map<String, String> tokens) {
    this.client = client;
    this.tokens = tokens;
  }

  /** @return how many questions got no cited answer. */
  int askAll(JsonArray questions) throws Exception {
    int unanswered = 0;
    for (JsonObject q : DemoCommand.objects(questions)) {
      String tenant = q.getString("tenant");
      long t0 = System.nanoTime();
      DemoClient.Reply r = client.post(tokens.get(tenant), "/v1/query",
          new JsonObject().put("question", q.getString("question")));
      double ms = (System.nanoTime() - t0) / 1e6;
      System.out.printf("[%s] Q: %s%n", tenant, q.getString("question"));
      JsonArray citations = r.body().getJsonArray("citations", new JsonArray());
      if (r.status() != 200 || !r.body().getBoolean("answered", false) || citations.isEmpty()) {
        unanswered++;
        System.out.printf("    no cited answer (HTTP %d, reason: %s)%n%n", r.status(),
            r.body().getString("reason", r.body().getJsonObject("error", new JsonObject()).getString("code", "-")));
        continue;
      }
      System.out.printf("    A: %s%n", r.body().getString("answer"));
      for (JsonObject c : DemoCommand.objects(citations)) {
        System.out.printf("       [%d] %s — page %d (score %.3f)%n", c.getInteger("ref"), c.getString("title"),
            c.getInteger("page"), c.getDouble("score"));
      }
      JsonObject t = r.body().getJsonObject("timings", new JsonObject());
      System.out.printf("    time: %.0f ms end to end (embed %.1f ms, search %.1f ms, answer %.1f ms)%n%n", ms,
          t.getDouble("embed_ms", 0.0), t.getDouble("search_ms", 0.0), t.getDouble("answer_ms", 0.0));
    }
    return unanswered;
  }
}
