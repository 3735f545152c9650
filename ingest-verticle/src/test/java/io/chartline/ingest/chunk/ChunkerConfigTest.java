package io.chartline.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkerConfigTest {

  @Test
  void defaultsAre256TokensWith48Overlap() {
    assertThat(ChunkerConfig.defaults()).isEqualTo(new ChunkerConfig(256, 48, 16));
  }

  @Test
  void eachInvalidSettingIsNamed() {
    assertThatThrownBy(() -> new ChunkerConfig(0, 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens");
    assertThatThrownBy(() -> new ChunkerConfig(100, 51, 0)).hasMessageContaining("overlapTokens");
    assertThatThrownBy(() -> new ChunkerConfig(100, -1, 0)).hasMessageContaining("overlapTokens");
    assertThatThrownBy(() -> new ChunkerConfig(100, 10, 101)).hasMessageContaining("minChunkTokens");
  }
}
