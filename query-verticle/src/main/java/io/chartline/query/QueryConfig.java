package io.chartline.query;

/**
 * Query role settings.
 *
 * @param minScore passages below this cosine similarity are not used for answers
 * @param cacheSize question embeddings kept per process (0 disables the cache)
 * @param maxQuestionBatch questions embedded together when requests queue up
 */
public record QueryConfig(double minScore, int cacheSize, int maxQuestionBatch, int answerSentences) {

  public QueryConfig {
    if (minScore < -1 || minScore > 1) {
      throw new IllegalArgumentException("query.minScore must be between -1 and 1");
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_CACHE_SIZE must be >= 0");
    }
    if (maxQuestionBatch < 1 || maxQuestionBatch > 64) {
      throw new IllegalArgumentException("query.maxQuestionBatch must be between 1 and 64");
    }
    if (answerSentences < 1 || answerSentences > 10) {
      throw new IllegalArgumentException("query.answerSentences must be between 1 and 10");
    }
  }
}
