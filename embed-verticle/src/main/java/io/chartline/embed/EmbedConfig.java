package io.chartline.embed;

/**
 * Embed stage settings.
 *
 * @param maxInFlightPerPartition chunk batches in flight per partition before it is paused
 */
public record EmbedConfig(String groupId, int maxInFlightPerPartition) {

  public EmbedConfig {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("embed.groupId must be set");
    }
    if (maxInFlightPerPartition < 1 || maxInFlightPerPartition > 1000) {
      throw new IllegalArgumentException("CHARTLINE_EMBED_MAX_IN_FLIGHT must be between 1 and 1000");
    }
  }
}
