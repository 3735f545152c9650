package io.chartline.ingest.chunk;

import io.chartline.common.text.TokenCounter;
import io.chartline.ingest.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a parsed document into sentence-aligned, overlapping chunks that fit the embedding
 * model, page by page so every chunk can be cited with its page.
 *
 * <p>Guarantees for {@link #chunk}: each chunk's text is exactly its page's text between its
 * offsets, starts and ends on non-whitespace, and costs at most {@code maxTokens} tokens as
 * counted by the given {@link TokenCounter}; indexes run 0..n-1 across the document in page
 * order; blank pages produce no chunks. Sentences come from {@link SentenceSplitter}, long ones
 * are cut by {@link SentencePieces}, packing and overlap follow {@link ChunkPacker}.
 * Thread-safe when the counter is.
 */
public final class SentenceChunker {

  private final ChunkerConfig config;
  private final TokenCounter counter;

  public SentenceChunker(ChunkerConfig config, TokenCounter counter) {
    this.config = Objects.requireNonNull(config, "config");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  /** @return the chunks of all pages in order; empty when every page is blank. Never fails on any text. */
  public List<Chunk> chunk(ParsedDocument document) {
    List<Chunk> chunks = new ArrayList<>();
    SentencePieces sentencePieces = new SentencePieces(counter, config.maxTokens());
    ChunkPacker packer = new ChunkPacker(counter, config);
    for (ParsedDocument.Page page : document.pages()) {
      String text = page.text();
      if (text.isBlank()) {
        continue;
      }
      List<TextPiece> pieces = sentencePieces.of(text, SentenceSplitter.split(text));
      for (ChunkPacker.Range range : packer.pack(text, pieces)) {
        int start = pieces.get(range.first()).start();
        int end = pieces.get(range.end() - 1).end();
        chunks.add(new Chunk(chunks.size(), page.number(), start, end, text.substring(start, end), range.tokens()));
      }
    }
    return chunks;
  }
}
