package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CHARTLINE_EMBEDDER picks the embedder; Bedrock settings are read, checked against the vector column, and named when bad. */
class EmbedderSettingsTest {

  private static AppConfig build(Map<String, String> overrides, Set<Role> roles) {
    Map<String, String> env = new HashMap<>(AppConfigTest.MINIMAL);
    env.putAll(overrides);
    return AppConfig.from(new Settings(env), roles);
  }

  private static AppConfig build(Map<String, String> overrides) {
    return build(overrides, EnumSet.allOf(Role.class));
  }

  /** Without CHARTLINE_EMBEDDER the node embeds with the local ONNX model at 384 dimensions. */
  @Test
  void onnxIsTheDefault() {
    EmbedderSettings e = build(Map.of()).embedder();

    assertThat(e.provider()).isEqualTo("onnx");
    assertThat(e.bedrock()).isFalse();
    assertThat(e.dimension()).isEqualTo(384);
  }

  /** Bedrock settings flow into the Titan record; the dimension asked of Titan follows the vector column. */
  @Test
  void bedrockSettingsFlowIntoTheTitanRecord() {
    EmbedderSettings e = build(Map.of("CHARTLINE_EMBEDDER", "bedrock", "CHARTLINE_EMBEDDING_DIMENSION", "512",
        "CHARTLINE_BEDROCK_REGION", "eu-central-1", "CHARTLINE_BEDROCK_ENDPOINT", "http://127.0.0.1:4566",
        "CHARTLINE_BEDROCK_ACCESS_KEY", "local", "CHARTLINE_BEDROCK_SECRET_KEY", "local",
        "CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE", "600", "CHARTLINE_BEDROCK_EMBED_TOKENS_PER_MINUTE", "90000",
        "CHARTLINE_BEDROCK_EMBED_BREAKER_OPEN", "2s", "CHARTLINE_BEDROCK_EMBED_RETRY_ATTEMPTS", "3")).embedder();

    assertThat(e.bedrock()).isTrue();
    assertThat(e.dimension()).isEqualTo(512);
    assertThat(e.titan().region()).isEqualTo("eu-central-1");
    assertThat(e.titan().endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
    assertThat(e.titan().quota().requestsPerMinute()).isEqualTo(600);
    assertThat(e.titan().quota().tokensPerMinute()).isEqualTo(90_000);
    assertThat(e.titan().breaker().openFor()).isEqualTo(Duration.ofSeconds(2));
    assertThat(e.titan().retry().attempts()).isEqualTo(3);
    assertThat(e.titan().modelId()).isEqualTo("amazon.titan-embed-text-v2:0");
  }

  /** An unknown embedder name fails at startup naming the variable. */
  @Test
  void unknownEmbedderIsRefused() {
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_EMBEDDER", "openai")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_EMBEDDER");
  }

  /** A Titan dimension that differs from the vector column refuses to start, naming both variables. */
  @Test
  void titanDimensionMustMatchTheVectorColumn() {
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_EMBEDDER", "bedrock", "CHARTLINE_EMBEDDING_DIMENSION", "1024",
        "CHARTLINE_BEDROCK_EMBED_DIMENSIONS", "256")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CHARTLINE_EMBEDDING_DIMENSION").hasMessageContaining("CHARTLINE_BEDROCK_EMBED_DIMENSIONS");
    // the column default (384) is no Titan size: Titan's own default (1024) is asked, and refused
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_EMBEDDER", "bedrock")))
        .hasMessageContaining("CHARTLINE_EMBEDDING_DIMENSION is 384");
  }

  /** The ONNX model's 384 dimensions must match the column on an embedding node, but not on an api-only node. */
  @Test
  void onnxDimensionIsCheckedOnlyWhereVectorsAreMade() {
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_EMBEDDING_DIMENSION", "1024")))
        .hasMessageContaining("CHARTLINE_EMBEDDING_DIMENSION is 1024");
    assertThat(build(Map.of("CHARTLINE_EMBEDDING_DIMENSION", "1024"), Set.of(Role.API)).embedder().provider())
        .isEqualTo("onnx");
  }

  /** Malformed Titan values name their variable. */
  @Test
  void malformedTitanValuesNameTheirVariable() {
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_EMBEDDER", "bedrock", "CHARTLINE_EMBEDDING_DIMENSION", "1024",
        "CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE", "0")))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE");
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_EMBEDDER", "bedrock", "CHARTLINE_EMBEDDING_DIMENSION", "1024",
        "CHARTLINE_BEDROCK_ENDPOINT", "not a url")))
        .hasMessageContaining("CHARTLINE_BEDROCK_ENDPOINT");
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_EMBEDDER", "bedrock", "CHARTLINE_EMBEDDING_DIMENSION", "1024",
        "CHARTLINE_BEDROCK_EMBED_AIMD_DECREASE", "x")))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_AIMD_DECREASE");
  }
}
