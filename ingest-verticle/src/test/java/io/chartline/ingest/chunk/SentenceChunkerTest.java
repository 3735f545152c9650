package io.chartline.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.ingest.parse.ParsedDocument;
import io.chartline.onnx.OnnxEmbedder;
import io.chartline.onnx.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentenceChunkerTest {

  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void loadTokenizer() {
    tokenizer = WordPieceTokenizer.fromClasspath(OnnxEmbedder.TOKENIZER_RESOURCE);
  }

  @Test
  void everyChunkIsItsPagesTextBetweenItsOffsetsWithinTheTokenBoundAndNothingIsLost() {
    ChunkerConfig[] configs = {ChunkerConfig.defaults(), new ChunkerConfig(64, 16, 8), new ChunkerConfig(12, 6, 4), new ChunkerConfig(1, 0, 0)};
    for (int seed = 0; seed < 120; seed++) {
      RandomPages random = new RandomPages(seed);
      List<ParsedDocument.Page> pages = new ArrayList<>();
      for (int p = 1; p <= 1 + seed % 4; p++) {
        pages.add(new ParsedDocument.Page(p, random.page()));
      }
      ChunkerConfig config = configs[seed % configs.length];

      List<Chunk> chunks = new SentenceChunker(config, tokenizer).chunk(new ParsedDocument(pages));

      ChunkInvariants.assertHold(new ParsedDocument(pages), chunks, config, tokenizer, "seed " + seed);
    }
  }

  @Test
  void consecutiveChunksOnAPageShareWholeTrailingSentencesWithinTheOverlap() {
    String page = sentences(60);
    ChunkerConfig config = new ChunkerConfig(64, 16, 4);

    List<Chunk> chunks = new SentenceChunker(config, tokenizer).chunk(ParsedDocument.singlePage(page));

    assertThat(chunks).hasSizeGreaterThan(5);
    for (int i = 1; i < chunks.size(); i++) {
      Chunk previous = chunks.get(i - 1);
      Chunk next = chunks.get(i);
      assertThat(next.startOffset()).as("chunk %d starts inside chunk %d", i, i - 1).isLessThan(previous.endOffset());
      String shared = page.substring(next.startOffset(), previous.endOffset());
      assertThat(shared).startsWith("Sentence").endsWith(".");
      assertThat(tokenizer.countTokens(shared)).isLessThanOrEqualTo(config.overlapTokens());
    }
  }

  @Test
  void chunksNeverCrossPagesAndKeepPageNumbersAndContiguousIndexes() {
    ParsedDocument document = new ParsedDocument(List.of(
        new ParsedDocument.Page(1, sentences(30)),
        new ParsedDocument.Page(2, "   \n\n  "),
        new ParsedDocument.Page(3, "Only one short sentence on page three."),
        new ParsedDocument.Page(4, sentences(30))));

    List<Chunk> chunks = new SentenceChunker(new ChunkerConfig(64, 16, 4), tokenizer).chunk(document);

    assertThat(chunks).extracting(Chunk::index).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
    assertThat(chunks).extracting(Chunk::page).doesNotContain(2).contains(1, 3, 4).isSorted();
    assertThat(chunks).filteredOn(c -> c.page() == 3).singleElement()
        .extracting(Chunk::text).isEqualTo("Only one short sentence on page three.");
  }

  @Test
  void aSentenceLongerThanTheLimitIsCutBetweenWords() {
    String page = "word ".repeat(700).trim() + ".";

    List<Chunk> chunks = new SentenceChunker(new ChunkerConfig(256, 48, 16), tokenizer).chunk(ParsedDocument.singlePage(page));

    assertThat(chunks).hasSize(3).allSatisfy(c -> {
      assertThat(c.tokenCount()).isLessThanOrEqualTo(256);
      assertThat(c.text()).matches("word( word)*\\.?");
    });
  }

  @Test
  void aTinyLastChunkIsGivenContextFromThePreviousChunk() {
    String body = sentences(5);
    String page = body + " Signed.";
    int bodyTokens = tokenizer.countTokens(body);
    ChunkerConfig config = new ChunkerConfig(bodyTokens, 0, 10);

    List<Chunk> chunks = new SentenceChunker(config, tokenizer).chunk(ParsedDocument.singlePage(page));

    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).text()).isEqualTo(body);
    assertThat(chunks.get(1).text()).endsWith("Sentence number 5 of the note. Signed.");
    assertThat(chunks.get(1).tokenCount()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void blankPagesProduceNothing() {
    ParsedDocument blank = new ParsedDocument(Arrays.asList(new ParsedDocument.Page(1, ""), new ParsedDocument.Page(2, " \n\t\f ")));

    assertThat(new SentenceChunker(ChunkerConfig.defaults(), tokenizer).chunk(blank)).isEmpty();
  }

  private static String sentences(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      text.append(i > 1 ? (i % 7 == 0 ? "\n" : " ") : "").append("Sentence number ").append(i).append(" of the note.");
    }
    return text.toString();
  }
}
