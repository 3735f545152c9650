package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings fail fast with a message naming the environment variable. */
class TitanEmbedSettingsTest {

  private static final TitanEmbedSettings D = TitanEmbedSettings.defaults("eu-west-1");

  @Test
  void defaultsAreTitanV2At1024DimensionsWithinTheModelsInputLimit() {
    assertThat(D.modelId()).isEqualTo("amazon.titan-embed-text-v2:0");
    assertThat(D.dimensions()).isEqualTo(1024);
    assertThat(D.region()).isEqualTo("eu-west-1");
    assertThat(D.endpoint()).isNull();
    assertThat(D.maxInputChars()).isLessThanOrEqualTo(TitanEmbedSettings.MODEL_MAX_CHARS);
    assertThat(D.maxQueued()).isGreaterThanOrEqualTo(D.maxConcurrency());
  }

  @Test
  void aDimensionTitanDoesNotOfferIsRefused() {
    assertThatThrownBy(() -> TitanFixture.dimensions(D, 384))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_DIMENSIONS").hasMessageContaining("384");
  }

  @Test
  void badValuesNameTheirVariable() {
    assertThatThrownBy(() -> new TitanEmbedSettings.Quota(0, 1000))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE");
    assertThatThrownBy(() -> new TitanEmbedSettings.Quota(10, -1))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_TOKENS_PER_MINUTE");
    assertThatThrownBy(() -> new TitanEmbedSettings.Retry(0, Duration.ofMillis(1), Duration.ofMillis(1)))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_RETRY_ATTEMPTS");
    assertThatThrownBy(() -> new TitanEmbedSettings.Retry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_RETRY_MAX_DELAY");
    assertThatThrownBy(() -> new TitanEmbedSettings.Aimd(1.0, 0.3, 0.05))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_AIMD_DECREASE");
    assertThatThrownBy(() -> new TitanEmbedSettings.Aimd(0.7, 0.3, 0))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_AIMD_FLOOR");
    assertThatThrownBy(() -> new TitanEmbedSettings.Breaker(50, 10, 20, Duration.ofSeconds(1), 1))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_BREAKER_MIN_CALLS");
    assertThatThrownBy(() -> TitanFixture.with(D, D.quota(), 64, 10, D.retry(), D.breaker()))
        .hasMessageContaining("CHARTLINE_BEDROCK_EMBED_MAX_QUEUED");
    assertThatThrownBy(() -> D.withEndpoint(URI.create("localhost"), null, null))
        .hasMessageContaining("CHARTLINE_BEDROCK_ENDPOINT");
    assertThatThrownBy(() -> D.withEndpoint(URI.create("http://127.0.0.1:1"), "key", null))
        .hasMessageContaining("CHARTLINE_BEDROCK_SECRET_KEY");
    assertThatThrownBy(() -> TitanEmbedSettings.defaults(" "))
        .hasMessageContaining("CHARTLINE_BEDROCK_REGION");
  }
}
