package io.chartline.ingest.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points PDFBox's system-font cache at a writable directory before any font is loaded;
 * without it PDFBox tries the user's home directory, which containers often cannot write,
 * and rescans every system font on each start. An explicit {@code -Dpdfbox.fontcache} wins.
 */
final class PdfBoxFontCache {

  static final String PROPERTY = "pdfbox.fontcache";

  private PdfBoxFontCache() {}

  static synchronized void configure() {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    try {
      Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "chartline-pdfbox-fontcache"));
      System.setProperty(PROPERTY, dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the pdfbox font cache directory", e);
    }
  }
}
