package io.chartline.devtools;

import io.chartline.devstack.bedrock.TextVectors;
import io.chartline.onnx.OnnxEmbedder;
import io.chartline.onnx.OnnxEmbedderConfig;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The local ONNX model behind LocalBedrock's Titan endpoint, so that {@code demo --bedrock} retrieves
 * with real embeddings (projected by LocalBedrock to the dimension asked for).
 */
final class OnnxTextVectors implements TextVectors, AutoCloseable {

  private final Vertx vertx;
  private final OnnxEmbedder model;

  private OnnxTextVectors(Vertx vertx, OnnxEmbedder model) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.model = Objects.requireNonNull(model, "model");
  }

  /** Loads the model (blocking: call it from a main thread). */
  static OnnxTextVectors load() {
    Vertx vertx = Vertx.vertx();
    OnnxEmbedder model = new OnnxEmbedder(vertx, vertx.createSharedWorkerExecutor("local-bedrock-onnx", 2),
        OnnxEmbedderConfig.defaults());
    return new OnnxTextVectors(vertx, model);
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  /** Runs on LocalBedrock's worker threads, which may block for inference. */
  @Override
  public List<float[]> vectors(List<String> texts) {
    return Arrays.asList(model.embedBlocking(texts));
  }

  @Override
  public void close() {
    model.close();
    vertx.close();
  }
}
