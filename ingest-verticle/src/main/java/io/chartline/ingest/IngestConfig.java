package io.chartline.ingest;

import io.chartline.ingest.chunk.ChunkerConfig;
import io.chartline.ingest.parse.ContentLimits;
import io.chartline.ingest.parse.ParseBudget;
import io.chartline.ingest.parse.PdfExtractionConfig;
import java.util.Objects;

/**
 * Ingest stage settings.
 *
 * @param chunksPerRecord chunks per {@code docs.chunks.v1} record (keeps records far below broker limits)
 * @param parseBudget wall-clock budget for parsing one document, from its size and page count
 * @param contentLimits how much drawing one PDF may ask for before it fails {@code DOCUMENT_TOO_COMPLEX}
 */
public record IngestConfig(String groupId, ChunkerConfig chunker, long maxDocumentBytes, ParseBudget parseBudget,
    int maxPages, ContentLimits contentLimits, int chunksPerRecord, int maxInFlightPerPartition) {

  public IngestConfig {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("ingest.groupId must be set");
    }
    if (maxDocumentBytes < 1) {
      throw new IllegalArgumentException("ingest.maxDocumentBytes must be >= 1");
    }
    Objects.requireNonNull(parseBudget, "parseBudget");
    if (maxPages < 1) {
      throw new IllegalArgumentException("CHARTLINE_PARSE_MAX_PAGES must be >= 1");
    }
    Objects.requireNonNull(contentLimits, "contentLimits");
    if (chunksPerRecord < 1 || chunksPerRecord > 256) {
      throw new IllegalArgumentException("ingest.chunksPerRecord must be between 1 and 256");
    }
    if (maxInFlightPerPartition < 1) {
      throw new IllegalArgumentException("ingest.maxInFlightPerPartition must be >= 1");
    }
  }

  public static IngestConfig from(String groupId, int maxTokens, int overlapTokens, long maxDocumentBytes,
      ParseBudget parseBudget, int maxPages, ContentLimits contentLimits) {
    return new IngestConfig(groupId, new ChunkerConfig(maxTokens, overlapTokens, 16), maxDocumentBytes,
        parseBudget, maxPages, contentLimits, 8, 4);
  }

  /** @return the PDF extraction limits these settings imply */
  public PdfExtractionConfig pdf() {
    return new PdfExtractionConfig(maxDocumentBytes, maxPages, parseBudget, contentLimits,
        PdfExtractionConfig.defaults().mainMemoryBytes());
  }
}
