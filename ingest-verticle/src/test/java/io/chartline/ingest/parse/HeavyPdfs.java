package io.chartline.ingest.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

/**
 * Valid PDFs whose pages ask for a chosen amount of drawing, written as raw content streams:
 * {@code (bomb) Tj} shows 4 glyphs with one operator, {@code q Q} is two operators and no glyph.
 * Content strings may use {@code /F1} for Helvetica.
 */
final class HeavyPdfs {

  private HeavyPdfs() {}

  /** {@code count} repetitions of {@code operators}, inside one text object. */
  static String text(String operators, int count) {
    StringBuilder sb = new StringBuilder("BT /F1 10 Tf 40 740 Td 12 TL\n");
    for (int i = 0; i < count; i++) {
      sb.append(operators).append('\n');
    }
    return sb.append("ET\n").toString();
  }

  /** One page per entry, each with its own uncompressed content stream. */
  static byte[] pages(String... contents) {
    try (PDDocument doc = new PDDocument()) {
      PDResources resources = resources();
      for (String content : contents) {
        PDPage page = new PDPage();
        page.setResources(resources);
        page.setContents(stream(doc, content));
        doc.addPage(page);
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code pages} pages that all draw the one content stream {@code content}. */
  static byte[] sharedContent(int pages, String content) {
    try (PDDocument doc = new PDDocument()) {
      PDResources resources = resources();
      PDStream shared = stream(doc, content);
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage();
        page.setResources(resources);
        page.setContents(shared);
        doc.addPage(page);
      }
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One page that draws the form XObject {@code /Fm1}, whose content is {@code formContent}, {@code draws} times. */
  static byte[] formDrawnRepeatedly(String formContent, int draws) {
    try (PDDocument doc = new PDDocument()) {
      PDResources resources = resources();
      PDFormXObject form = new PDFormXObject(doc);
      form.setBBox(PDRectangle.LETTER);
      form.setResources(resources());
      try (OutputStream out = form.getContentStream().createOutputStream()) {
        out.write(formContent.getBytes(StandardCharsets.ISO_8859_1));
      }
      COSName name = resources.add(form);
      StringBuilder page = new StringBuilder();
      for (int i = 0; i < draws; i++) {
        page.append("q /").append(name.getName()).append(" Do Q\n");
      }
      PDPage p = new PDPage();
      p.setResources(resources);
      p.setContents(stream(doc, page.toString()));
      doc.addPage(p);
      return save(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PDResources resources() {
    PDResources resources = new PDResources();
    resources.put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
    return resources;
  }

  private static PDStream stream(PDDocument doc, String content) throws IOException {
    PDStream stream = new PDStream(doc);
    try (OutputStream out = stream.createOutputStream()) {
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
