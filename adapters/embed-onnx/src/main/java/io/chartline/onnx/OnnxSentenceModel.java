package io.chartline.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One onnxruntime session of a BERT-style sentence encoder plus mean pooling. Sessions allow
 * concurrent {@link #embed} calls; each runs on its caller's thread when intra-op threads is 1.
 */
final class OnnxSentenceModel implements AutoCloseable {

  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final String LAST_HIDDEN_STATE = "last_hidden_state";

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final boolean wantsTokenTypeIds;
  private final int hiddenSize;

  /**
   * @throws IllegalArgumentException when the resource is missing or lacks the expected inputs and outputs
   * @throws UncheckedIOException when the resource cannot be read
   * @throws IllegalStateException when onnxruntime cannot create the session
   */
  OnnxSentenceModel(String modelResource, int intraOpThreads) {
    byte[] model = readResource(modelResource);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(model, options);
      if (!session.getInputNames().containsAll(List.of(INPUT_IDS, ATTENTION_MASK))
          || !session.getOutputNames().contains(LAST_HIDDEN_STATE)) {
        String found = "inputs " + session.getInputNames() + ", outputs " + session.getOutputNames();
        session.close();
        throw new IllegalArgumentException("model " + modelResource + " has " + found
            + "; expected inputs input_ids and attention_mask and output last_hidden_state");
      }
      wantsTokenTypeIds = session.getInputNames().contains(TOKEN_TYPE_IDS);
      hiddenSize = hiddenSizeOf(session.getOutputInfo().get(LAST_HIDDEN_STATE));
    } catch (OrtException e) {
      throw new IllegalStateException("onnxruntime cannot load model " + modelResource, e);
    }
  }

  int hiddenSize() {
    return hiddenSize;
  }

  /** @return one unit-length vector per encoding, in order; padding is added here. */
  float[][] embed(List<Encoding> batch) throws OrtException {
    int rows = batch.size();
    int padded = batch.stream().mapToInt(Encoding::tokenCount).max().orElse(0);
    long[] ids = new long[rows * padded];
    long[] mask = new long[rows * padded];
    int[] counts = new int[rows];
    for (int r = 0; r < rows; r++) {
      Encoding e = batch.get(r);
      System.arraycopy(e.inputIds(), 0, ids, r * padded, e.tokenCount());
      System.arraycopy(e.attentionMask(), 0, mask, r * padded, e.tokenCount());
      counts[r] = e.tokenCount();
    }
    long[] shape = {rows, padded};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
      inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
      if (wantsTokenTypeIds) {
        inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment, LongBuffer.allocate(rows * padded), shape));
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(LAST_HIDDEN_STATE))) {
        OnnxTensor hidden = (OnnxTensor) result.get(LAST_HIDDEN_STATE).orElseThrow();
        return MeanPooling.pool(hidden.getFloatBuffer(), rows, padded, hiddenSize, counts);
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }

  private static int hiddenSizeOf(NodeInfo output) {
    if (output.getInfo() instanceof TensorInfo tensor && tensor.getShape().length == 3 && tensor.getShape()[2] > 0) {
      return (int) tensor.getShape()[2];
    }
    throw new IllegalArgumentException("last_hidden_state is not a [batch, tokens, hidden] tensor: " + output.getInfo());
  }

  private static byte[] readResource(String resource) {
    try (InputStream in = OnnxSentenceModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("model resource not found on the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model resource " + resource, e);
    }
  }
}
