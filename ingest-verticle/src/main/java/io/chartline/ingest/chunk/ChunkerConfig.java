package io.chartline.ingest.chunk;

/**
 * Settings of {@link SentenceChunker}, all counted in model tokens without {@code [CLS]}/{@code [SEP]}.
 *
 * @param maxTokens most tokens in one chunk
 * @param overlapTokens most tokens of whole trailing sentences repeated at the start of the next
 *     chunk on the same page; at most half of {@code maxTokens}, so every chunk mostly holds new text
 * @param minChunkTokens a page's last chunk smaller than this is merged into the chunk before it
 *     when the result fits {@code maxTokens}, else extended backwards over the previous chunk's
 *     last sentences until it reaches this size
 * @throws IllegalArgumentException naming the setting when values are out of range or contradict each other
 */
public record ChunkerConfig(int maxTokens, int overlapTokens, int minChunkTokens) {

  public ChunkerConfig {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("chunk maxTokens must be at least 1, was " + maxTokens);
    }
    if (overlapTokens < 0 || overlapTokens > maxTokens / 2) {
      throw new IllegalArgumentException("chunk overlapTokens must be within [0, maxTokens / 2 = " + maxTokens / 2
          + "], was " + overlapTokens);
    }
    if (minChunkTokens < 0 || minChunkTokens > maxTokens) {
      throw new IllegalArgumentException("chunk minChunkTokens must be within [0, maxTokens = " + maxTokens
          + "], was " + minChunkTokens);
    }
  }

  /** 256 tokens per chunk, 48 tokens of overlap, last chunks of a page grown to at least 16 tokens. */
  public static ChunkerConfig defaults() {
    return new ChunkerConfig(256, 48, 16);
  }
}
