package io.chartline.devstack.bedrock;

/** The Bedrock runtime operations {@link LocalBedrock} answers, with their request paths. */
public enum BedrockOperation {
  /** {@code POST /model/{modelId}/invoke}: Titan Text Embeddings V2. */
  INVOKE_MODEL("invoke"),
  /** {@code POST /model/{modelId}/converse}: an answer with citations in one JSON response. */
  CONVERSE("converse"),
  /** {@code POST /model/{modelId}/converse-stream}: the same answer as an event stream. */
  CONVERSE_STREAM("converse-stream");

  private final String pathSuffix;

  BedrockOperation(String pathSuffix) {
    this.pathSuffix = pathSuffix;
  }

  /** The last path segment after {@code /model/{modelId}/}. */
  public String pathSuffix() {
    return pathSuffix;
  }

  /** The operation whose path ends in {@code suffix}, or null. */
  static BedrockOperation ofPathSuffix(String suffix) {
    for (BedrockOperation operation : values()) {
      if (operation.pathSuffix.equals(suffix)) {
        return operation;
      }
    }
    return null;
  }
}
