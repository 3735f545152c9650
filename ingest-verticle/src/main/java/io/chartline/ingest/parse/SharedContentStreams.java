package io.chartline.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDStream;

/**
 * Finds, before any text is extracted, pages that draw the same content stream. Extraction decodes
 * and runs a page's streams once per page, so a few hundred kilobytes whose 2,000 pages all
 * reference one large stream ask for gigabytes of content. Only streams drawn by more than one
 * page are decoded here, each once, and counting stops as soon as the limit is passed, so ordinary
 * files cost one walk over the page tree.
 */
final class SharedContentStreams {

  private static final int CHUNK = 8192;

  private SharedContentStreams() {}

  /**
   * @throws ContentCounter.TooComplex when the bytes decoded again for further pages drawing the same
   *     streams pass {@link ContentLimits#maxReusedBytes(long)}
   * @throws ParseDeadline.Exceeded when the budget runs out while decoding
   */
  static void check(PDDocument document, long fileBytes, ContentLimits limits, ParseDeadline deadline) {
    Map<COSStream, Integer> uses = new IdentityHashMap<>();
    for (PDPage page : document.getPages()) {
      deadline.checkEvery();
      Iterator<PDStream> streams = page.getContentStreams();
      while (streams.hasNext()) {
        uses.merge(streams.next().getCOSObject(), 1, Integer::sum);
      }
    }
    long allowed = limits.maxReusedBytes(fileBytes);
    long reused = 0;
    for (Map.Entry<COSStream, Integer> e : uses.entrySet()) {
      long repeats = e.getValue() - 1L;
      if (repeats == 0) {
        continue;
      }
      // Counting stops once the limit is passed. PDFBox decodes a filtered stream whole when it is
      // opened, so a shared stream costs one decode here: what extracting its first page costs anyway.
      long needed = (allowed - reused) / repeats + 1;
      reused += decodedLength(e.getKey(), needed, deadline) * repeats;
      if (reused > allowed) {
        throw new ContentCounter.TooComplex("pdf pages share content streams out of proportion to the file size "
            + "[pages drawing a shared stream: " + e.getValue() + ", reused bytes: more than " + allowed + "]");
      }
    }
  }

  /** @return the stream's decoded length, read no further than {@code cap}; what decodes before an error counts */
  private static long decodedLength(COSStream stream, long cap, ParseDeadline deadline) {
    long length = 0;
    byte[] buffer = new byte[CHUNK];
    try (InputStream in = stream.createInputStream()) {
      int n;
      while (length < cap && (n = in.read(buffer, 0, (int) Math.min(CHUNK, cap - length))) > 0) {
        length += n;
        deadline.checkEvery();
      }
    } catch (IOException e) {
      // A stream that fails to decode draws nothing past the failure; extraction tolerates it the same way.
    }
    return length;
  }
}
