package io.chartline.launcher;

import io.chartline.bedrock.embed.TitanEmbedSettings;
import java.net.URI;
import java.util.Objects;

/**
 * Which embedder the node runs ({@code CHARTLINE_EMBEDDER}) and, for Bedrock, its settings.
 *
 * @param provider {@link #ONNX} (the in-process model, default) or {@link #BEDROCK}
 * @param titan the Titan settings when {@code provider} is {@link #BEDROCK}, null otherwise
 */
public record EmbedderSettings(String provider, TitanEmbedSettings titan) {

  /** The local ONNX model (384 dimensions). */
  public static final String ONNX = "onnx";
  /** Amazon Bedrock Titan Text Embeddings V2. */
  public static final String BEDROCK = "bedrock";
  /** The vector size of the ONNX model shipped with Chartline. */
  public static final int ONNX_DIMENSION = 384;

  public EmbedderSettings {
    Objects.requireNonNull(provider, "provider");
    if (provider.equals(BEDROCK) != (titan != null)) {
      throw new IllegalArgumentException("Titan settings go with CHARTLINE_EMBEDDER=bedrock only");
    }
  }

  /** @return the vector size this embedder writes, which must equal the database column's. */
  public int dimension() {
    return titan == null ? ONNX_DIMENSION : titan.dimensions();
  }

  /** @return whether the node embeds with Bedrock Titan. */
  public boolean bedrock() {
    return titan != null;
  }

  /**
   * Reads {@code CHARTLINE_EMBEDDER} and, for Bedrock, every {@code CHARTLINE_BEDROCK_*} embedder
   * setting (see docs/configuration.md). The embedder's vector size must equal {@code
   * CHARTLINE_EMBEDDING_DIMENSION} ({@code databaseDimension}); with Bedrock the dimension asked of
   * Titan defaults to it when it is one Titan offers. A node that does not embed ({@code embeds}
   * false) skips the dimension check: it never writes or compares vectors.
   *
   * @throws IllegalArgumentException naming the variable when a value is malformed or contradicts another
   */
  static EmbedderSettings from(Settings s, int databaseDimension, boolean embeds) {
    String provider = s.str("CHARTLINE_EMBEDDER", ONNX).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (provider) {
      case ONNX -> {
        if (embeds) {
          requireDimension(ONNX_DIMENSION, databaseDimension, "the ONNX model's");
        }
        yield new EmbedderSettings(ONNX, null);
      }
      case BEDROCK -> {
        TitanEmbedSettings titan = titan(s, databaseDimension);
        if (embeds) {
          requireDimension(titan.dimensions(), databaseDimension, "CHARTLINE_BEDROCK_EMBED_DIMENSIONS");
        }
        yield new EmbedderSettings(BEDROCK, titan);
      }
      default -> throw new IllegalArgumentException("CHARTLINE_EMBEDDER must be 'onnx' or 'bedrock', was '"
          + provider + "'");
    };
  }

  /** @return {@code CHARTLINE_BEDROCK_ENDPOINT}, shared by both Bedrock adapters, or null for AWS */
  static URI bedrockEndpoint(Settings s) {
    String endpoint = s.str("CHARTLINE_BEDROCK_ENDPOINT", null);
    try {
      return endpoint == null || endpoint.isBlank() ? null : new URI(endpoint);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("CHARTLINE_BEDROCK_ENDPOINT is not a URL");
    }
  }

  private static void requireDimension(int embedder, int database, String source) {
    if (embedder != database) {
      throw new IllegalArgumentException("CHARTLINE_EMBEDDING_DIMENSION is " + database + " but " + source
          + " vector size is " + embedder + ": set both to the same value");
    }
  }

  private static TitanEmbedSettings titan(Settings s, int databaseDimension) {
    TitanEmbedSettings d = TitanEmbedSettings.defaults(s.str("CHARTLINE_BEDROCK_REGION", "us-east-1"));
    URI uri = bedrockEndpoint(s);
    int dimensions = s.integer("CHARTLINE_BEDROCK_EMBED_DIMENSIONS",
        TitanEmbedSettings.DIMENSIONS.contains(databaseDimension) ? databaseDimension : d.dimensions());
    TitanEmbedSettings.Retry r = d.retry();
    TitanEmbedSettings.Aimd a = d.aimd();
    TitanEmbedSettings.Breaker b = d.breaker();
    int concurrency = s.integer("CHARTLINE_BEDROCK_EMBED_MAX_CONCURRENCY", d.maxConcurrency());
    return new TitanEmbedSettings(d.region(), uri, s.str("CHARTLINE_BEDROCK_ACCESS_KEY", null),
        s.str("CHARTLINE_BEDROCK_SECRET_KEY", null), s.str("CHARTLINE_BEDROCK_EMBED_MODEL_ID", d.modelId()), dimensions,
        new TitanEmbedSettings.Quota(
            s.integer("CHARTLINE_BEDROCK_EMBED_REQUESTS_PER_MINUTE", d.quota().requestsPerMinute()),
            s.integer("CHARTLINE_BEDROCK_EMBED_TOKENS_PER_MINUTE", d.quota().tokensPerMinute())),
        concurrency, s.integer("CHARTLINE_BEDROCK_EMBED_MAX_QUEUED", Math.max(d.maxQueued(), concurrency)),
        s.duration("CHARTLINE_BEDROCK_EMBED_API_CALL_TIMEOUT", d.apiCallTimeout()),
        new TitanEmbedSettings.Retry(s.integer("CHARTLINE_BEDROCK_EMBED_RETRY_ATTEMPTS", r.attempts()),
            s.duration("CHARTLINE_BEDROCK_EMBED_RETRY_BASE_DELAY", r.baseDelay()),
            s.duration("CHARTLINE_BEDROCK_EMBED_RETRY_MAX_DELAY", r.maxDelay())),
        new TitanEmbedSettings.Aimd(s.decimal("CHARTLINE_BEDROCK_EMBED_AIMD_DECREASE", a.decrease()),
            s.decimal("CHARTLINE_BEDROCK_EMBED_AIMD_INCREASE", a.increasePerMinute()),
            s.decimal("CHARTLINE_BEDROCK_EMBED_AIMD_FLOOR", a.floor())),
        new TitanEmbedSettings.Breaker(s.integer("CHARTLINE_BEDROCK_EMBED_BREAKER_FAILURE_RATE", b.failureRatePercent()),
            s.integer("CHARTLINE_BEDROCK_EMBED_BREAKER_WINDOW", b.window()),
            s.integer("CHARTLINE_BEDROCK_EMBED_BREAKER_MIN_CALLS", b.minimumCalls()),
            s.duration("CHARTLINE_BEDROCK_EMBED_BREAKER_OPEN", b.openFor()),
            s.integer("CHARTLINE_BEDROCK_EMBED_BREAKER_HALF_OPEN_CALLS", b.halfOpenCalls())),
        s.integer("CHARTLINE_BEDROCK_EMBED_MAX_INPUT_CHARS", d.maxInputChars()));
  }
}
