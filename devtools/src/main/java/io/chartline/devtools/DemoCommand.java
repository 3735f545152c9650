package io.chartline.devtools;

import io.chartline.common.tenant.TenantId;
import io.chartline.devstack.S3Server;
import io.chartline.ingest.intake.ObjectIntake;
import io.chartline.launcher.Args;
import io.chartline.launcher.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code demo --home DIR --samples DIR [--no-serve] [--bedrock]}: the whole pipeline on local services;
 * with {@code --bedrock} it embeds through the Bedrock Titan adapter against LocalBedrock.
 * Uploads the bundled samples for two tenants through the API, follows them until indexed or
 * failed, asks each tenant's questions and prints cited answers. Then serves (or exits with 0
 * only if every question got a cited answer).
 */
final class DemoCommand {

  private DemoCommand() {
  }

  static int run(Args args) throws Exception {
    Path home = Path.of(args.get("home", ".chartline"));
    Path samples = Path.of(args.get("samples", "samples"));
    JsonObject manifest = new JsonObject(Files.readString(samples.resolve("manifest.json")));
    Settings env = Settings.fromEnvironment().withDefaults(Map.of("CHARTLINE_HTTP_PORT", "8080"));
    long t0 = System.nanoTime();
    boolean bedrock = args.flag("bedrock");
    DevRun.Running running = DevRun.start(home, env, "all", bedrock);
    if (bedrock) {
      System.out.println("embedding with Bedrock Titan (CHARTLINE_EMBEDDER=bedrock, 1024 dimensions) and answering "
          + "with Claude (CHARTLINE_GENERATOR=bedrock) against the local Bedrock endpoint, which runs the ONNX model "
          + "behind it");
    }
    String base = "http://127.0.0.1:" + running.node().apiPort();
    System.out.printf("%nChartline is up at %s (local services started in %.1f s)%n%n", base,
        (System.nanoTime() - t0) / 1e9);
    DemoClient client = new DemoClient(base);
    Map<String, String> tokens = new LinkedHashMap<>();
    Set<String> tenants = new LinkedHashSet<>();
    for (Object o : manifest.getJsonArray("documents")) {
      tenants.add(((JsonObject) o).getString("tenant"));
    }
    for (String t : tenants) {
      tokens.put(t, running.keys().token(t, "demo-" + t, List.of("clinician"), 8 * 3600, Clock.systemUTC()));
    }
    try (S3Client s3 = s3(running)) {
      String bucket = running.config().s3().bucket();
      DemoIngest ingest = new DemoIngest(client, tokens, samples, (tenant, file, content, contentType, title) -> {
        String key = "tenants/" + tenant + "/inbox/" + content.getFileName();
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType).metadata(Map.of("title", title)),
            RequestBody.fromFile(content));
        return ObjectIntake.documentId(TenantId.of(tenant), bucket, key).toString();
      });
      ingest.uploadAll(manifest.getJsonArray("documents"));
      ingest.awaitSettled();
    }
    int unanswered = new DemoQuestions(client, tokens).askAll(manifest.getJsonArray("questions"));
    if (args.flag("no-serve")) {
      running.stop();
      System.out.println(unanswered == 0 ? "demo: every question got a cited answer"
          : "demo: " + unanswered + " question(s) without a cited answer");
      return unanswered == 0 ? 0 : 1;
    }
    printServing(base, tokens);
    running.awaitShutdown();
    return 0;
  }

  private static void printServing(String base, Map<String, String> tokens) {
    Map.Entry<String, String> first = tokens.entrySet().iterator().next();
    System.out.printf("%nThe API keeps running on %s — press Ctrl-C to stop everything.%n", base);
    System.out.printf("Dev token for tenant %s (role clinician, 8 h):%n%n  export TOKEN=%s%n%n", first.getKey(),
        first.getValue());
    System.out.println("Try:");
    System.out.printf("  curl -s %s/v1/documents -H \"Authorization: Bearer $TOKEN\"%n", base);
    System.out.printf("  curl -s %s/v1/query -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' "
        + "-d '{\"question\": \"What were the discharge medications?\"}'%n", base);
    System.out.printf("  curl -s %s/v1/documents -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: text/plain' "
        + "-H 'X-Document-Title: My%%20note' --data-binary @note.txt%n", base);
    System.out.println("  bin/chartline token --tenant demo-clinic --role clinician   # another token");
    System.out.println("  eval \"$(bin/chartline env)\"   # in another shell: point the AWS CLI, kcat and psql here");
    System.out.println("  aws s3 cp note.txt s3://$CHARTLINE_S3_BUCKET/tenants/demo-clinic/inbox/note.txt   # ingested too");
    System.out.println();
  }

  /** A plain S3 client on the local endpoint, as the AWS CLI or another system would use it. */
  private static S3Client s3(DevRun.Running running) {
    S3Server local = running.stack().s3();
    return S3Client.builder().endpointOverride(local.endpoint()).forcePathStyle(true)
        .region(Region.of(local.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(local.accessKey(),
            local.secretKey())))
        .build();
  }

  static List<JsonObject> objects(JsonArray arr) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : arr) {
      out.add((JsonObject) o);
    }
    return out;
  }
}
