package io.chartline.onnx;

/**
 * Settings of {@link OnnxEmbedder}.
 *
 * @param maxSequenceLength tokens per text including {@code [CLS]}/{@code [SEP]}; longer texts are
 *     truncated (and a warning is logged). At most 512, the model's position limit.
 * @param maxBatchSize most texts in one model call
 * @param maxBatchTokens a batch is closed when {@code size * longestTextInBatch} would exceed
 *     this, so short questions batch together while long chunks go alone
 *     (batching long inputs costs more CPU than it saves)
 * @param intraOpThreads threads onnxruntime uses inside one call; keep 1 and scale with the
 *     size of the caller's worker pool instead
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record OnnxEmbedderConfig(int maxSequenceLength, int maxBatchSize, int maxBatchTokens, int intraOpThreads) {

  /** The position-embedding limit of BERT-style models such as all-MiniLM-L6-v2. */
  public static final int MODEL_MAX_SEQUENCE_LENGTH = 512;

  public OnnxEmbedderConfig {
    if (maxSequenceLength < 2 || maxSequenceLength > MODEL_MAX_SEQUENCE_LENGTH) {
      throw new IllegalArgumentException(
          "maxSequenceLength must be within [2, " + MODEL_MAX_SEQUENCE_LENGTH + "], was " + maxSequenceLength);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
    }
    if (maxBatchTokens < maxSequenceLength) {
      throw new IllegalArgumentException("maxBatchTokens must be at least maxSequenceLength ("
          + maxSequenceLength + ") so that every text fits a batch, was " + maxBatchTokens);
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be at least 1, was " + intraOpThreads);
    }
  }

  /**
   * 512 tokens per text, batches of up to 8 texts and 512 tokens, one intra-op thread. Measured
   * on 2 cores: ~300-token chunks then go one per call (batching three cost ~10% more per
   * chunk) while ~20-token questions go eight per call (~30% less per question).
   */
  /**
   * One text per model call: the int8 model quantizes activations with a scale taken over the
   * whole input tensor, so a text's vector would otherwise depend on what it was batched with
   * (see docs/adr/0006). Batch size 1 keeps every vector a function of its text alone.
   */
  public static OnnxEmbedderConfig defaults() {
    return new OnnxEmbedderConfig(MODEL_MAX_SEQUENCE_LENGTH, 1, MODEL_MAX_SEQUENCE_LENGTH, 1);
  }
}
