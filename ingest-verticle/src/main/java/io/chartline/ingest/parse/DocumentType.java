package io.chartline.ingest.parse;

/** Document formats the ingest stage extracts text from, as recognised by {@link TypeDetector}. */
public enum DocumentType {
  PDF,
  TEXT,
  MARKDOWN
}
