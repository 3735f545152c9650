package io.chartline.query;

/**
 * Query role settings.
 *
 * @param minScore the answer threshold: passages below this cosine similarity are not answered
 *     from, so a question whose best passage is below it gets no answer
 * @param cacheSize question embeddings kept per process (0 disables the cache)
 * @param maxQuestionBatch questions embedded together when requests queue up
 * @param answerSentences the most sentences an extractive answer quotes
 */
public record QueryConfig(double minScore, int cacheSize, int maxQuestionBatch, int answerSentences) {

  /**
   * The default answer threshold, calibrated by {@code bin/chartline bench answers} on PubMedQA
   * with the local model (ADR 0005 gives the rule and the figures).
   */
  public static final double CALIBRATED_MIN_SCORE = 0.61;

  public QueryConfig {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("CHARTLINE_QUERY_MIN_SCORE must be between 0 and 1");
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
