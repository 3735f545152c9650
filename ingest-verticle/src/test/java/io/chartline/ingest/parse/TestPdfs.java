package io.chartline.ingest.parse;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Builds small PDFs in memory for extractor tests; a null page text means a page without content. */
final class TestPdfs {

  private TestPdfs() {}

  /** One page per entry, each line of an entry on its own text line in Helvetica. */
  static byte[] withPages(List<String> pageTexts) {
    return build(pageTexts, null, null);
  }

  /** Encrypted with AES-128; an empty user password opens it for anyone. */
  static byte[] encrypted(List<String> pageTexts, String ownerPassword, String userPassword) {
    return build(pageTexts, ownerPassword, userPassword);
  }

  /** A page holding only an image: what a scanner produces. */
  static byte[] imageOnly() {
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage();
      document.addPage(page);
      BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
      image.getGraphics().fillRect(8, 8, 32, 32);
      PDImageXObject xObject = LosslessFactory.createFromImage(document, image);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.drawImage(xObject, 100, 500, 200, 200);
      }
      return save(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] build(List<String> pageTexts, String ownerPassword, String userPassword) {
    try (PDDocument document = new PDDocument()) {
      PDType1Font helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String text : pageTexts) {
        PDPage page = new PDPage();
        document.addPage(page);
        if (text == null) {
          continue;
        }
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(helvetica, 11);
          content.setLeading(14);
          content.newLineAtOffset(50, 720);
          for (String line : text.split("\n")) {
            content.showText(line);
            content.newLine();
          }
          content.endText();
        }
      }
      if (ownerPassword != null) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        document.protect(policy);
      }
      return save(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] save(PDDocument document) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    document.save(out);
    return out.toByteArray();
  }
}
