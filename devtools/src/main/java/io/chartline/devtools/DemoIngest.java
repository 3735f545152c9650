package io.chartline.devtools;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Uploads the sample documents (skipping ones a previous run already uploaded) and follows them. */
final class DemoIngest {

  private record Tracked(String tenant, String id, String file) {
  }

  private final DemoClient client;
  private final Map<String, String> tokens;
  private final Path samples;
  private final BucketWriter bucket;
  private final List<Tracked> tracked = new ArrayList<>();
  private final Map<String, Long> uploadedAt = new HashMap<>();

  DemoIngest(DemoClient client, Map<String, String> tokens, Path samples, BucketWriter bucket) {
    this.client = client;
    this.tokens = tokens;
    this.samples = samples;
    this.bucket = bucket;
  }

  /** Writes a sample straight into the bucket, as a system other than Chartline would. */
  interface BucketWriter {
    /** @return the id of the document the intake makes of the object */
    String put(String tenant, String file, Path content, String contentType, String title) throws Exception;
  }

  void uploadAll(JsonArray documents) throws Exception {
    Map<String, Map<String, String>> existing = new HashMap<>();
    for (String tenant : tokens.keySet()) {
      existing.put(tenant, existingTitles(tenant));
    }
    System.out.println("Uploading sample documents through the API:");
    for (JsonObject d : DemoCommand.objects(documents)) {
      String tenant = d.getString("tenant");
      String title = d.getString("title");
      String known = existing.get(tenant).get(title);
      if (known != null) {
        System.out.printf("  = %-14s %-52s already uploaded (%s)%n", tenant, d.getString("file"), known);
        tracked.add(new Tracked(tenant, known, d.getString("file")));
        continue;
      }
      if ("bucket".equals(d.getString("via"))) {
        String id = bucket.put(tenant, d.getString("file"), samples.resolve(d.getString("file")),
            d.getString("content_type"), title);
        uploadedAt.put(id, System.nanoTime());
        tracked.add(new Tracked(tenant, id, d.getString("file")));
        System.out.printf("  + %-14s %-52s -> %s (written into the bucket; S3 announces it on the intake queue)%n",
            tenant, d.getString("file"), id);
        continue;
      }
      DemoClient.Reply r = client.upload(tokens.get(tenant), samples.resolve(d.getString("file")),
          d.getString("content_type"), title);
      if (r.status() != 202) {
        System.out.printf("  ! %-14s %-52s HTTP %d %s%n", tenant, d.getString("file"), r.status(),
            r.body().getJsonObject("error", new JsonObject()).getString("code", ""));
        continue;
      }
      String id = r.body().getString("id");
      uploadedAt.put(id, System.nanoTime());
      tracked.add(new Tracked(tenant, id, d.getString("file")));
      System.out.printf("  + %-14s %-52s -> %s%n", tenant, d.getString("file"), id);
    }
  }

  private Map<String, String> existingTitles(String tenant) throws Exception {
    Map<String, String> out = new HashMap<>();
    DemoClient.Reply r = client.get(tokens.get(tenant), "/v1/documents?limit=100");
    for (JsonObject d : DemoCommand.objects(r.body().getJsonArray("items", new JsonArray()))) {
      out.put(d.getString("title"), d.getString("id"));
    }
    return out;
  }

  /** Polls until every tracked document is indexed or failed; prints progress and the outcome. */
  void awaitSettled() throws Exception {
    long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000;
    Map<String, JsonObject> last = new LinkedHashMap<>();
    String lastLine = "";
    while (true) {
      int indexed = 0;
      int failed = 0;
      for (Tracked t : tracked) {
        JsonObject doc = client.get(tokens.get(t.tenant()), "/v1/documents/" + t.id()).body();
        last.put(t.id(), doc);
        String s = doc.getString("status", "?");
        indexed += "indexed".equals(s) ? 1 : 0;
        failed += "failed".equals(s) ? 1 : 0;
      }
      String line = String.format("  progress: %d indexed, %d failed, %d in flight (of %d)", indexed, failed,
          tracked.size() - indexed - failed, tracked.size());
      if (!line.equals(lastLine)) {
        System.out.println(line);
        lastLine = line;
      }
      if (indexed + failed == tracked.size() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(500); // blocking-ok: CLI main thread polling the API
    }
    System.out.println();
    for (Tracked t : tracked) {
      JsonObject doc = last.get(t.id());
      String status = doc.getString("status", "?");
      String detail = "indexed".equals(status)
          ? doc.getInteger("chunk_count", 0) + " chunks, " + doc.getInteger("page_count", 0) + " page(s)"
          : doc.getJsonObject("error", new JsonObject()).getString("code", "") + ": "
              + doc.getJsonObject("error", new JsonObject()).getString("message", "");
      System.out.printf("  %-8s %-14s %-52s %s%n", status, t.tenant(), t.file(), detail);
    }
    System.out.println();
  }
}
