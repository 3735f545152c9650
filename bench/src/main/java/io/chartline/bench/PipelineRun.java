package io.chartline.bench;

import io.chartline.pg.TenantTx;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Notes uploaded through the API by 4 threads at once, then the wait until every document is
 * indexed (its {@code docs.indexed.v1} event) or failed (its row says so): upload→indexed times,
 * throughput and the CPU it took. Shared by the ingest benchmarks.
 */
final class PipelineRun {

  /** Documents that are neither indexed nor failed after this long end the run as lost. */
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  /**
   * @param uploaded        ids of the documents the API accepted
   * @param indexed         documents indexed within the run
   * @param failedDocuments documents whose row ended {@code failed}
   * @param failedUploads   uploads the API did not accept
   * @param chunks          chunks the indexed events counted
   * @param seconds         first upload to the last indexed event
   * @param latenciesMs     upload accepted → indexed event, per indexed document
   * @param cpu             {@link CpuAccount#since} over the run
   */
  record Result(List<UUID> uploaded, int indexed, int failedDocuments, int failedUploads, int chunks,
                double seconds, double[] latenciesMs, Map<String, Double> cpu) {

    double chunksPerSecond() {
      return chunks / seconds;
    }
  }

  private PipelineRun() {
  }

  static Result run(BenchEnvironment env, String tenant, List<String> notes) throws Exception {
    Map<String, Long> uploadedAt = new ConcurrentHashMap<>();
    Map<String, Long> indexedAt = new HashMap<>();
    Map<String, Integer> chunkCounts = new HashMap<>();
    try (KafkaConsumer<String, byte[]> indexed = indexedConsumer(env)) {
      String token = env.token(tenant);
      ExecutorService uploaders = Executors.newFixedThreadPool(4);
      // one lean keep-alive HTTP/1.1 connection per uploading thread, as curl would use
      List<PlainHttpClient> clients = new ArrayList<>();
      ThreadLocal<PlainHttpClient> client = ThreadLocal.withInitial(() -> {
        PlainHttpClient c = new PlainHttpClient(env.apiBase());
        synchronized (clients) {
          clients.add(c);
        }
        return c;
      });
      AtomicInteger failedUploads = new AtomicInteger();
      CpuAccount cpuBefore = CpuAccount.snapshot();
      long start = System.currentTimeMillis();
      List<Future<?>> pending = new ArrayList<>();
      for (int i = 0; i < notes.size(); i++) {
        byte[] note = notes.get(i).getBytes(StandardCharsets.UTF_8);
        int n = i;
        pending.add(uploaders.submit(() -> {
          try {
            PlainHttpClient.Response r = client.get().post("/v1/documents", "text/plain", token,
                Map.of("X-Document-Title", "bench-" + n), note);
            if (r.status() == 202) {
              uploadedAt.put(new JsonObject(r.body()).getString("id"), System.currentTimeMillis());
            } else {
              failedUploads.incrementAndGet();
            }
          } catch (IOException e) {
            failedUploads.incrementAndGet();
          }
          return null;
        }));
      }
      long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
      int failed = 0;
      long nextFailedCheck = 0;
      int lastPrinted = -1;
      while (indexedAt.size() + failed < notes.size() - failedUploads.get()
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> r : indexed.poll(Duration.ofMillis(500))) {
          JsonObject e = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
          indexedAt.put(e.getString("documentId"), r.timestamp());
          chunkCounts.put(e.getString("documentId"), e.getInteger("chunkCount"));
        }
        if (System.currentTimeMillis() >= nextFailedCheck) {
          failed = failedDocuments(env, tenant, ids(uploadedAt));
          nextFailedCheck = System.currentTimeMillis() + 2000;
        }
        if (indexedAt.size() / 10 != lastPrinted) {
          lastPrinted = indexedAt.size() / 10;
          System.out.printf("  indexed %d/%d%n", indexedAt.size(), notes.size());
        }
      }
      Map<String, Double> cpu = CpuAccount.snapshot().since(cpuBefore);
      for (Future<?> f : pending) {
        f.get(); // blocking-ok: benchmark main thread
      }
      uploaders.shutdown();
      synchronized (clients) {
        clients.forEach(PlainHttpClient::close);
      }
      failed = failedDocuments(env, tenant, ids(uploadedAt));
      long end = indexedAt.values().stream().mapToLong(Long::longValue).max().orElse(start);
      int chunks = chunkCounts.values().stream().mapToInt(Integer::intValue).sum();
      double[] latencies = indexedAt.entrySet().stream().filter(e -> uploadedAt.containsKey(e.getKey()))
          .mapToDouble(e -> e.getValue() - uploadedAt.get(e.getKey())).toArray();
      return new Result(ids(uploadedAt), indexedAt.size(), failed, failedUploads.get(), chunks,
          Math.max(1, end - start) / 1000.0, latencies, cpu);
    }
  }

  /** Chunk rows stored for {@code documents}, as the database holds them (one per document and index). */
  static long storedChunks(BenchEnvironment env, String tenant, List<UUID> documents) throws Exception {
    return count(env, tenant, "SELECT count(*) FROM chunks WHERE tenant_id = $1 AND document_id = ANY($2)",
        documents);
  }

  /** @return documents whose stored chunks are not the chunk count their row records (target 0) */
  static long documentsWithOtherChunkCounts(BenchEnvironment env, String tenant, List<UUID> documents)
      throws Exception {
    return count(env, tenant, "SELECT count(*) FROM documents d WHERE d.tenant_id = $1 AND d.document_id = ANY($2) "
        + "AND d.chunk_count IS DISTINCT FROM (SELECT count(*) FROM chunks c WHERE c.tenant_id = d.tenant_id "
        + "AND c.document_id = d.document_id)", documents);
  }

  /** @return the chunks the documents' rows record (what the ingest stage made) */
  static long recordedChunks(BenchEnvironment env, String tenant, List<UUID> documents) throws Exception {
    return count(env, tenant, "SELECT coalesce(sum(chunk_count), 0) FROM documents WHERE tenant_id = $1 "
        + "AND document_id = ANY($2)", documents);
  }

  private static int failedDocuments(BenchEnvironment env, String tenant, List<UUID> documents) throws Exception {
    return (int) count(env, tenant,
        "SELECT count(*) FROM documents WHERE tenant_id = $1 AND document_id = ANY($2) AND status = 'failed'",
        documents);
  }

  private static long count(BenchEnvironment env, String tenant, String sql, List<UUID> documents)
      throws Exception {
    if (documents.isEmpty()) {
      return 0;
    }
    return TenantTx.run(env.appPool(), TenantId.of(tenant), c -> c.preparedQuery(sql)
            .execute(Tuple.of(tenant).addArrayOfUUID(documents.toArray(new UUID[0]))))
        .map(rs -> {
          Row r = rs.iterator().next();
          return r.getLong(0);
        })
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES); // blocking-ok: benchmark thread
  }

  private static List<UUID> ids(Map<String, Long> uploadedAt) {
    List<UUID> out = new ArrayList<>(uploadedAt.size());
    uploadedAt.keySet().forEach(id -> out.add(UUID.fromString(id)));
    return out;
  }

  private static KafkaConsumer<String, byte[]> indexedConsumer(BenchEnvironment env) {
    Properties p = new Properties();
    p.put("bootstrap.servers", env.kafka().bootstrapServers());
    p.put("enable.auto.commit", "false");
    env.kafka().extra().forEach(p::put);
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    String topic = env.kafka().topics().indexed();
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(topic).forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position);
    return c;
  }
}
