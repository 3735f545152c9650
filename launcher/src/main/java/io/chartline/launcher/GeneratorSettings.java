package io.chartline.launcher;

import io.chartline.bedrock.generate.ClaudeSettings;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Which generator answers queries ({@code CHARTLINE_GENERATOR}) and, for Bedrock, its settings.
 *
 * @param provider {@link #EXTRACTIVE} (quotes the best sentences, no model; default) or {@link #BEDROCK}
 * @param claude the Claude settings when {@code provider} is {@link #BEDROCK}, null otherwise
 * @param fallback when the generator fails, reply with the passages and {@code answered: false}
 *     instead of an error ({@code CHARTLINE_QUERY_GENERATOR_FALLBACK}, default true)
 */
public record GeneratorSettings(String provider, ClaudeSettings claude, boolean fallback) {

  /** Answers with the best sentences of the passages. */
  public static final String EXTRACTIVE = "extractive";
  /** Answers with Claude on Amazon Bedrock. */
  public static final String BEDROCK = "bedrock";

  public GeneratorSettings {
    Objects.requireNonNull(provider, "provider");
    if (provider.equals(BEDROCK) != (claude != null)) {
      throw new IllegalArgumentException("Claude settings go with CHARTLINE_GENERATOR=bedrock only");
    }
  }

  /** @return whether queries are answered by Bedrock Claude */
  public boolean bedrock() {
    return claude != null;
  }

  /**
   * Reads {@code CHARTLINE_GENERATOR}, {@code CHARTLINE_QUERY_GENERATOR_FALLBACK} and, for Bedrock,
   * every {@code CHARTLINE_BEDROCK_GENERATE_*} setting plus the shared {@code CHARTLINE_BEDROCK_REGION},
   * {@code _ENDPOINT}, {@code _ACCESS_KEY} and {@code _SECRET_KEY} (see docs/configuration.md).
   *
   * @throws IllegalArgumentException naming the variable when a value is malformed
   */
  static GeneratorSettings from(Settings s) {
    String provider = s.str("CHARTLINE_GENERATOR", EXTRACTIVE).trim().toLowerCase(Locale.ROOT);
    boolean fallback = s.bool("CHARTLINE_QUERY_GENERATOR_FALLBACK", true);
    return switch (provider) {
      case EXTRACTIVE -> new GeneratorSettings(EXTRACTIVE, null, fallback);
      case BEDROCK -> new GeneratorSettings(BEDROCK, claude(s), fallback);
      default -> throw new IllegalArgumentException("CHARTLINE_GENERATOR must be 'extractive' or 'bedrock', was '"
          + provider + "'");
    };
  }

  private static ClaudeSettings claude(Settings s) {
    ClaudeSettings d = ClaudeSettings.defaults(s.str("CHARTLINE_BEDROCK_REGION", "us-east-1"));
    URI uri = EmbedderSettings.bedrockEndpoint(s);
    ClaudeSettings.Breaker b = d.breaker();
    return new ClaudeSettings(d.region(), uri, s.str("CHARTLINE_BEDROCK_ACCESS_KEY", null),
        s.str("CHARTLINE_BEDROCK_SECRET_KEY", null), s.str("CHARTLINE_BEDROCK_GENERATE_MODEL_ID", d.modelId()),
        s.integer("CHARTLINE_BEDROCK_GENERATE_MAX_TOKENS", d.maxTokens()),
        s.decimal("CHARTLINE_BEDROCK_GENERATE_TEMPERATURE", d.temperature()),
        s.str("CHARTLINE_BEDROCK_GENERATE_GUARDRAIL_ID", null),
        s.str("CHARTLINE_BEDROCK_GENERATE_GUARDRAIL_VERSION", null),
        s.duration("CHARTLINE_BEDROCK_GENERATE_TIMEOUT", d.answerTimeout()),
        s.duration("CHARTLINE_BEDROCK_GENERATE_STREAM_TIMEOUT", d.streamTimeout()),
        s.integer("CHARTLINE_BEDROCK_GENERATE_MAX_CONCURRENCY", d.maxConcurrency()),
        new ClaudeSettings.Breaker(s.integer("CHARTLINE_BEDROCK_GENERATE_BREAKER_FAILURE_RATE", b.failureRatePercent()),
            s.integer("CHARTLINE_BEDROCK_GENERATE_BREAKER_WINDOW", b.window()),
            s.integer("CHARTLINE_BEDROCK_GENERATE_BREAKER_MIN_CALLS", b.minimumCalls()),
            s.duration("CHARTLINE_BEDROCK_GENERATE_BREAKER_OPEN", b.openFor()),
            s.integer("CHARTLINE_BEDROCK_GENERATE_BREAKER_HALF_OPEN_CALLS", b.halfOpenCalls())));
  }
}
