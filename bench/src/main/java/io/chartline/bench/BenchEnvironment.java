package io.chartline.bench;

import io.chartline.common.kafka.KafkaSettings;
import io.chartline.onnx.OnnxEmbedder;
import io.vertx.sqlclient.Pool;
import java.util.List;

/** What a benchmark needs from a running Chartline node; the launcher provides it. */
public interface BenchEnvironment {

  /** Base URL of the API, e.g. {@code http://127.0.0.1:8080}. */
  String apiBase();

  /** A valid bearer token for {@code tenant} with the clinician role. */
  String token(String tenant);

  /** The node's application-role pool (reads and writes under RLS, as the app does). */
  Pool appPool();

  /** The embedding model the node runs, as an instance of its own that benchmarks call directly. */
  OnnxEmbedder embedder();

  /** Threads the node gives the model. */
  int inferenceThreads();

  /** Chunks per {@code docs.chunks.v1} record, i.e. texts per embedding call in the pipeline. */
  int chunksPerRecord();

  KafkaSettings kafka();

  /** The node's HNSW {@code ef_search}. */
  int efSearch();

  /** The pipeline's own chunking of a plain-text document. */
  List<String> chunk(String text);

  /**
   * Vacuums and refreshes the planner statistics of every table, as autovacuum would soon after a
   * bulk load, so measurements neither plan without statistics nor compete with the vacuum of
   * freshly loaded rows (run by the schema owner, which the application role is not).
   */
  void analyze() throws Exception;

  /** The node's answer threshold ({@code CHARTLINE_QUERY_MIN_SCORE}): the best passage must reach it. */
  double answerThreshold();

  /** The node's tenant encryption (disabled when the node runs without it). */
  io.chartline.common.crypto.TenantCrypto crypto();
}
