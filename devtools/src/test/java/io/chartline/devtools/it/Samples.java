package io.chartline.devtools.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Builds test documents in memory (synthetic content, no real patient data). */
public final class Samples {

  private Samples() {
  }

  /** A PDF with one page per string, each written as wrapped lines of Helvetica. */
  public static byte[] pdf(String... pages) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 11);
          cs.setLeading(14);
          cs.newLineAtOffset(50, 740);
          StringBuilder line = new StringBuilder();
          for (String word : text.split("\\s+")) {
            if (line.length() + word.length() > 90) {
              cs.showText(line.toString());
              cs.newLine();
              line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
          }
          cs.showText(line.toString());
          cs.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** A file that starts like a PDF and then breaks off. */
  public static byte[] corruptPdf() {
    return "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pag\u0000\u0001garbage"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
