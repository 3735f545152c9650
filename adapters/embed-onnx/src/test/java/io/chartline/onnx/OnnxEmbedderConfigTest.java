package io.chartline.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OnnxEmbedderConfigTest {

  @Test
  void defaultsUseTheModelsFullWindow() {
    OnnxEmbedderConfig config = OnnxEmbedderConfig.defaults();

    assertThat(config.maxSequenceLength()).isEqualTo(512);
    assertThat(config.maxBatchSize()).as("one text per call: int8 vectors must not depend on batch-mates").isEqualTo(1);
    assertThat(config.intraOpThreads()).isEqualTo(1);
  }

  @Test
  void rejectsASequenceLengthBeyondTheModelLimit() {
    assertThatThrownBy(() -> new OnnxEmbedderConfig(513, 8, 1024, 1)).hasMessageContaining("maxSequenceLength");
    assertThatThrownBy(() -> new OnnxEmbedderConfig(1, 8, 1024, 1)).hasMessageContaining("maxSequenceLength");
  }

  @Test
  void rejectsAnEmptyBatch() {
    assertThatThrownBy(() -> new OnnxEmbedderConfig(512, 0, 1024, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchSize");
  }

  @Test
  void rejectsABatchTokenBudgetSmallerThanOneText() {
    assertThatThrownBy(() -> new OnnxEmbedderConfig(512, 8, 511, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchTokens");
  }

  @Test
  void rejectsZeroIntraOpThreads() {
    assertThatThrownBy(() -> new OnnxEmbedderConfig(512, 8, 1024, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intraOpThreads");
  }
}
