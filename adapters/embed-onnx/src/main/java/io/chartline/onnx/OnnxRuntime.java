package io.chartline.onnx;

import java.util.Optional;

/**
 * Whether this process can run the local model: the ONNX runtime and the model file are on the
 * classpath. The production jar leaves both to an optional file beside it (a hundred megabytes
 * that only the roles embedding with this model use), so a node checks before it loads. This class
 * names no runtime type: linking {@link OnnxEmbedder} itself would need the runtime's classes.
 */
public final class OnnxRuntime {

  /** A class of the runtime, looked up without initialising it (which would load the native library). */
  private static final String RUNTIME_CLASS = "ai.onnxruntime.OrtEnvironment";

  private OnnxRuntime() {
  }

  /** @return empty when the runtime and the model are both there, else what is missing */
  public static Optional<String> missing() {
    try {
      Class.forName(RUNTIME_CLASS, false, OnnxRuntime.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return Optional.of("the ONNX runtime");
    }
    return OnnxRuntime.class.getResource(OnnxEmbedder.MODEL_RESOURCE) == null ? Optional.of("the model file")
        : Optional.empty();
  }
}
