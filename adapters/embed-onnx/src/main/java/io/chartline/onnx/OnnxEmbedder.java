package io.chartline.onnx;

import ai.onnxruntime.OrtException;
import io.chartline.common.embed.Embedder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Embedder} running all-MiniLM-L6-v2 (384 dimensions) in-process with onnxruntime, on
 * the model and tokenizer files shipped in LangChain4j's MiniLM artifact.
 *
 * <p>Texts are tokenised with {@link WordPieceTokenizer} up to
 * {@link OnnxEmbedderConfig#maxSequenceLength()} (512 by default, not the 128 of the shipped
 * tokenizer.json), grouped into batches of similar length, mean-pooled and L2-normalised.
 * Inference runs on the caller-supplied {@link WorkerExecutor}, unordered, so concurrent
 * {@link #embed} calls use as many threads as that pool has. {@link #close()} waits for calls
 * in flight, then releases the native session.
 */
public final class OnnxEmbedder implements Embedder {

  public static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
  public static final String MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2 (int8)";

  private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);

  private final WorkerExecutor inferencePool;
  private final OnnxEmbedderConfig config;
  private final WordPieceTokenizer tokenizer;
  private final BatchPlanner batchPlanner;
  private final OnnxSentenceModel model;
  // Readers are inference calls; close() takes the write lock so the native session is never
  // freed under a running call.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  /**
   * Loads the model (about a second of blocking work: call it off the event loop).
   *
   * @param vertx the Vert.x instance that owns {@code inferencePool}
   * @param inferencePool a bounded, named worker pool; its size is the number of parallel inferences
   * @throws IllegalArgumentException, UncheckedIOException or IllegalStateException when the model cannot be loaded
   */
  public OnnxEmbedder(Vertx vertx, WorkerExecutor inferencePool, OnnxEmbedderConfig config) {
    Objects.requireNonNull(vertx, "vertx");
    this.inferencePool = Objects.requireNonNull(inferencePool, "inferencePool");
    this.config = Objects.requireNonNull(config, "config");
    this.tokenizer = WordPieceTokenizer.fromClasspath(TOKENIZER_RESOURCE);
    this.batchPlanner = new BatchPlanner(config.maxBatchSize(), config.maxBatchTokens());
    this.model = new OnnxSentenceModel(MODEL_RESOURCE, config.intraOpThreads());
  }

  /**
   * Embeds on the inference pool.
   *
   * @return a future with one unit vector per text, or failed with {@link IllegalStateException}
   *     after {@link #close()}, or with the onnxruntime error
   */
  @Override
  public Future<List<float[]>> embed(List<String> texts) {
    List<String> input;
    try {
      input = List.copyOf(texts);
    } catch (NullPointerException e) {
      return Future.failedFuture(new IllegalArgumentException("texts must be a list without nulls", e));
    }
    if (input.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return inferencePool.executeBlocking(() -> Arrays.asList(embedBlocking(input)), false);
  }

  /**
   * Embeds on the calling thread, for benchmarks and tests; never call it on an event loop.
   *
   * @throws IllegalStateException after {@link #close()} or when onnxruntime fails
   */
  public float[][] embedBlocking(List<String> texts) {
    List<Encoding> encodings = new ArrayList<>(texts.size());
    int[] lengths = new int[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      Encoding encoding = tokenizer.encode(texts.get(i), config.maxSequenceLength());
      if (encoding.truncated()) {
        LOG.warn("embedding input truncated [max tokens: {}]", config.maxSequenceLength());
      }
      encodings.add(encoding);
      lengths[i] = encoding.tokenCount();
    }
    float[][] vectors = new float[texts.size()][];
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("embedder is closed");
      }
      for (int[] batch : batchPlanner.plan(lengths)) {
        List<Encoding> batchEncodings = new ArrayList<>(batch.length);
        for (int index : batch) {
          batchEncodings.add(encodings.get(index));
        }
        float[][] batchVectors = model.embed(batchEncodings);
        for (int i = 0; i < batch.length; i++) {
          vectors[batch[i]] = batchVectors[i];
        }
      }
      return vectors;
    } catch (OrtException e) {
      throw new IllegalStateException("onnxruntime inference failed", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public int dimension() {
    return model.hiddenSize();
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
      }
    } catch (OrtException e) {
      LOG.warn("closing the onnx session failed [model: {}]", MODEL_ID, e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
