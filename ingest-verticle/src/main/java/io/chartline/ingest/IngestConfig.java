package io.chartline.ingest;

import io.chartline.ingest.chunk.ChunkerConfig;
import java.time.Duration;

/**
 * Ingest stage settings.
 *
 * @param chunksPerRecord chunks per {@code docs.chunks.v1} record (keeps records far below broker limits)
 * @param parseBudget wall-clock budget for parsing one document
 */
public record IngestConfig(String groupId, ChunkerConfig chunker, long maxDocumentBytes, Duration parseBudget,
    int maxPages, int chunksPerRecord, int maxInFlightPerPartition) {

  public IngestConfig {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("ingest.groupId must be set");
    }
    if (maxDocumentBytes < 1) {
      throw new IllegalArgumentException("ingest.maxDocumentBytes must be >= 1");
    }
    if (parseBudget.isNegative() || parseBudget.isZero()) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_BUDGET must be positive");
    }
    if (maxPages < 1) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_MAX_PAGES must be >= 1");
    }
    if (chunksPerRecord < 1 || chunksPerRecord > 256) {
      throw new IllegalArgumentException("ingest.chunksPerRecord must be between 1 and 256");
    }
    if (maxInFlightPerPartition < 1) {
      throw new IllegalArgumentException("ingest.maxInFlightPerPartition must be >= 1");
    }
  }

  public static IngestConfig from(String groupId, int maxTokens, int overlapTokens, long maxDocumentBytes, Duration parseBudget,
      int maxPages) {
    return new IngestConfig(groupId, new ChunkerConfig(maxTokens, overlapTokens, 16), maxDocumentBytes,
        parseBudget, maxPages, 8, 4);
  }
}
