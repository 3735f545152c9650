package io.chartline.ingest.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.text.TokenCounter;
import io.chartline.ingest.parse.ParsedDocument;
import java.util.List;

/** The guarantees {@link SentenceChunker} documents, checked on its output. */
public final class ChunkInvariants {

  private ChunkInvariants() {}

  public static void assertHold(ParsedDocument document, List<Chunk> chunks, ChunkerConfig config, TokenCounter counter, String label) {
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      String page = document.pages().get(chunk.page() - 1).text();
      String where = label + ", chunk " + i;
      assertThat(chunk.index()).as(where).isEqualTo(i);
      assertThat(chunk.text()).as(where).isEqualTo(page.substring(chunk.startOffset(), chunk.endOffset()));
      assertThat(chunk.text()).as(where).isNotBlank();
      assertThat(SentenceSplitter.isSpace(chunk.text().charAt(0))).as(where + " starts trimmed").isFalse();
      assertThat(SentenceSplitter.isSpace(chunk.text().charAt(chunk.text().length() - 1))).as(where + " ends trimmed").isFalse();
      assertThat(chunk.tokenCount()).as(where).isEqualTo(counter.countTokens(chunk.text())).isLessThanOrEqualTo(config.maxTokens());
      if (i > 0 && chunks.get(i - 1).page() == chunk.page()) {
        Chunk previous = chunks.get(i - 1);
        assertThat(chunk.startOffset()).as(where + " moves forward").isGreaterThanOrEqualTo(previous.startOffset());
        assertThat(chunk.endOffset()).as(where + " adds text").isGreaterThan(previous.endOffset());
      }
      if (i > 0) {
        assertThat(chunk.page()).as(where + " page order").isGreaterThanOrEqualTo(chunks.get(i - 1).page());
      }
    }
    for (ParsedDocument.Page page : document.pages()) {
      boolean[] covered = new boolean[page.text().length()];
      chunks.stream().filter(c -> c.page() == page.number())
          .forEach(c -> java.util.Arrays.fill(covered, c.startOffset(), c.endOffset(), true));
      for (int i = 0; i < covered.length; i++) {
        if (!covered[i]) {
          assertThat(SentenceSplitter.isSpace(page.text().charAt(i)))
              .as("%s: page %d char %d (U+%04X) is in no chunk", label, page.number(), i, (int) page.text().charAt(i)).isTrue();
        }
      }
    }
  }
}
