package io.chartline.devtools.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Small PDFs that are expensive to extract text from, built with PDFBox. Each is a few hundred
 * kilobytes and valid; what makes it hostile is how much text drawing its pages ask for.
 */
final class PdfBombs {

  private PdfBombs() {
  }

  /**
   * Every page draws the same content stream: a file of about {@code 10 * textShows} bytes whose
   * pages together ask for {@code pages * textShows} text-show operators.
   */
  static byte[] sharedContentStream(int pages, int textShows) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDResources resources = new PDResources();
      COSName font = resources.add(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      PDStream shared = stream(doc, textShows(font, textShows), false);
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage();
        page.setResources(resources);
        page.setContents(shared);
        doc.addPage(page);
      }
      return save(doc);
    }
  }

  /**
   * Every page has its own deflated content stream of {@code textShows} text-show operators: the
   * repetition compresses to a few hundred bytes per page, so no content is shared and the file
   * stays small while each page draws tens of thousands of glyphs.
   */
  static byte[] densePages(int pages, int textShows) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDResources resources = new PDResources();
      COSName font = resources.add(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage();
        page.setResources(resources);
        page.setContents(stream(doc, "% page " + p + "\n" + textShows(font, textShows), true));
        doc.addPage(page);
      }
      return save(doc);
    }
  }

  private static String textShows(COSName font, int count) {
    StringBuilder sb = new StringBuilder("BT /").append(font.getName()).append(" 10 Tf 40 740 Td 12 TL\n");
    for (int i = 0; i < count; i++) {
      sb.append("(bomb) Tj\n");
    }
    return sb.append("ET\n").toString();
  }

  private static PDStream stream(PDDocument doc, String content, boolean deflate) throws IOException {
    PDStream stream = new PDStream(doc);
    try (OutputStream out = deflate ? stream.createOutputStream(COSName.FLATE_DECODE) : stream.createOutputStream()) {
      out.write(content.getBytes(StandardCharsets.ISO_8859_1));
    }
    return stream;
  }

  private static byte[] save(PDDocument doc) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return out.toByteArray();
  }
}
