package io.chartline.ingest;

import io.chartline.common.events.ChunkBatch;
import io.chartline.common.text.TokenCounter;
import io.chartline.ingest.chunk.Chunk;
import io.chartline.ingest.chunk.SentenceChunker;
import io.chartline.ingest.parse.DetectionResult;
import io.chartline.ingest.parse.ParseException;
import io.chartline.ingest.parse.ParsedDocument;
import io.chartline.ingest.parse.PdfTextExtractor;
import io.chartline.ingest.parse.TextDocuments;
import io.chartline.ingest.parse.TypeDetector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to chunks: type detection by content, text extraction with page numbers, sentence-aware
 * chunking counted in the embedding model's own tokens. Synchronous and CPU-bound: run it through
 * the {@link io.chartline.ingest.schedule.ParseScheduler}, never on an event loop.
 */
final class DocumentParser {

  /** A parsed, chunked document. */
  record Parsed(int pageCount, List<ChunkBatch.Item> chunks) {
  }

  /** A document that cannot be ingested; {@link #code()} is stable, the message free of PHI. */
  static final class ParseFailure extends Exception {
    private final String code;

    ParseFailure(String code, String message) {
      super(message);
      this.code = code;
    }

    String code() {
      return code;
    }
  }

  private final TypeDetector detector = new TypeDetector();
  private final PdfTextExtractor pdf;
  private final SentenceChunker chunker;

  /** @param tokens counts tokens as the embedding model will, so that chunks fit it */
  DocumentParser(IngestConfig config, TokenCounter tokens) {
    this.pdf = new PdfTextExtractor(config.pdf(), Clock.systemUTC());
    this.chunker = new SentenceChunker(config.chunker(), tokens);
  }

  Parsed parse(byte[] bytes, String declaredContentType) throws ParseFailure {
    DetectionResult detected = detector.detect(bytes, declaredContentType);
    if (!detected.supported()) {
      throw new ParseFailure(detected.failureCode(), "unsupported or unrecognised document type");
    }
    ParsedDocument doc;
    try {
      doc = switch (detected.type()) {
        case PDF -> pdf.extract(bytes);
        case TEXT, MARKDOWN -> TextDocuments.of(bytes);
      };
    } catch (ParseException e) {
      throw new ParseFailure(e.code(), e.getMessage());
    }
    List<Chunk> chunks = chunker.chunk(doc);
    if (chunks.isEmpty()) {
      throw new ParseFailure("NO_EXTRACTABLE_TEXT", "the document has no extractable text");
    }
    List<ChunkBatch.Item> items = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      items.add(new ChunkBatch.Item(c.index(), c.page(), c.startOffset(), c.endOffset(), c.tokenCount(), c.text()));
    }
    return new Parsed(doc.pages().size(), items);
  }
}
