import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Generates the demo PDFs under {@code samples/} with Apache PDFBox 3.0.8, then checks each one.
 *
 * <ul>
 *   <li>Every {@code samples/sources/<tenant>__<name>.txt} becomes {@code samples/<tenant>/<name>.pdf}:
 *       form feeds ({@code \f}) separate pages, so a fact written after the n-th form feed is on
 *       page n+1 of the PDF. Helvetica 11 pt (Standard 14, WinAnsi), lines wrapped at spaces to the
 *       page width, all-capitals lines in bold, "Page i of n" in the footer. A source page that does
 *       not fit on one PDF page is an error (page numbers in {@code manifest.json} depend on it).</li>
 *   <li>{@code demo-clinic/scanned-fax-no-text.pdf}: two valid pages with only vector shapes and
 *       one embedded image, no text operators. Ingest must fail it with NO_EXTRACTABLE_TEXT.</li>
 *   <li>{@code demo-hospital/corrupt-report.pdf}: a PDF header and a truncated first object
 *       followed by garbage; no cross-reference table, trailer or catalog. PDFBox cannot open it;
 *       ingest must fail it with CORRUPT_DOCUMENT.</li>
 * </ul>
 *
 * <p>Output is byte-for-byte reproducible: fixed dates, a document ID derived from the file name,
 * and a seeded random generator for the synthetic scan and garbage bytes.
 *
 * <p>Run from the repository root: {@code java -cp <pdfbox, pdfbox-io, fontbox, commons-logging
 * jars> samples/tools/MakeSamplePdfs.java [samples-dir]} (see samples/README.md).
 */
public final class MakeSamplePdfs {

  private static final PDRectangle PAGE = PDRectangle.LETTER;
  private static final float MARGIN = 72f;
  private static final float FONT_SIZE = 11f;
  private static final float LEADING = 14.5f;
  private static final float FOOTER_SIZE = 8f;
  private static final Pattern LIST_PREFIX = Pattern.compile("^(\\s*(?:- |\\d{1,2}\\. )?)");
  private static final Pattern HEADING = Pattern.compile("[A-Z0-9 ,/()&:.'+-]*[A-Z]{3}[A-Z0-9 ,/()&:.'+-]*");
  private static final Pattern FOOTER = Pattern.compile("\\s*Page \\d+ of \\d+\\s*$");
  private static final Calendar CREATED = fixedDate();
  /** Held so the level sticks: PDFBox logs a harmless font-fallback warning per page otherwise. */
  private static final java.util.logging.Logger PDFBOX_LOG = java.util.logging.Logger.getLogger("org.apache.pdfbox");

  private MakeSamplePdfs() {
  }

  public static void main(String[] args) throws Exception {
    PDFBOX_LOG.setLevel(java.util.logging.Level.SEVERE);
    Path samples = Path.of(args.length > 0 ? args[0] : "samples");
    Path sources = samples.resolve("sources");
    if (!Files.isDirectory(sources)) {
      throw new IllegalArgumentException("no sources directory at " + sources.toAbsolutePath()
          + " (run from the repository root or pass the samples directory)");
    }
    List<Path> inputs;
    try (Stream<Path> files = Files.list(sources)) {
      inputs = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    for (Path input : inputs) {
      String file = input.getFileName().toString();
      int sep = file.indexOf("__");
      if (sep < 1) {
        throw new IllegalArgumentException(file + ": expected <tenant>__<name>.txt");
      }
      String relative = file.substring(0, sep) + "/" + file.substring(sep + 2, file.length() - 4) + ".pdf";
      List<String> pages = readPages(input);
      Path out = samples.resolve(relative);
      Files.createDirectories(out.getParent());
      writeTextPdf(pages, relative, regular, bold, out);
      verifyText(out, pages);
      System.out.printf("wrote %s (%d pages)%n", relative, pages.size());
    }
    Path fax = samples.resolve("demo-clinic/scanned-fax-no-text.pdf");
    Files.createDirectories(fax.getParent());
    writeNoTextPdf(fax);
    verifyNoText(fax);
    System.out.println("wrote demo-clinic/scanned-fax-no-text.pdf (2 pages, no text)");
    Path corrupt = samples.resolve("demo-hospital/corrupt-report.pdf");
    Files.createDirectories(corrupt.getParent());
    Files.write(corrupt, corruptBytes());
    verifyCorrupt(corrupt);
    System.out.println("wrote demo-hospital/corrupt-report.pdf (unreadable)");
  }

  /** @return the pages of a source file: split at form feeds, surrounding blank lines removed. */
  private static List<String> readPages(Path input) throws IOException {
    String text = Files.readString(input, StandardCharsets.UTF_8).replace("\r\n", "\n");
    List<String> pages = new ArrayList<>();
    for (String page : text.split("\f", -1)) {
      String trimmed = page.replaceAll("^\\s*\n", "").stripTrailing();
      if (trimmed.isBlank()) {
        throw new IllegalArgumentException(input.getFileName() + ": page " + (pages.size() + 1) + " is empty");
      }
      pages.add(trimmed);
    }
    return pages;
  }

  /** One laid-out line: its text (empty for a paragraph gap), font and left indent. */
  private record Line(String text, PDType1Font font, float indent) {
  }

  private static void writeTextPdf(List<String> pages, String name, PDType1Font regular, PDType1Font bold, Path out)
      throws IOException, NoSuchAlgorithmException {
    float width = PAGE.getWidth() - 2 * MARGIN;
    int maxLines = (int) ((PAGE.getHeight() - 2 * MARGIN) / LEADING);
    String title = null;
    try (PDDocument doc = new PDDocument()) {
      for (int p = 0; p < pages.size(); p++) {
        List<Line> lines = new ArrayList<>();
        for (String source : pages.get(p).split("\n", -1)) {
          boolean heading = HEADING.matcher(source.strip()).matches();
          lines.addAll(wrap(source, heading ? bold : regular, width, name, p + 1));
          if (title == null && !source.isBlank() && !source.startsWith("SYNTHETIC")) {
            title = source.strip();
          }
        }
        if (lines.size() > maxLines) {
          throw new IllegalStateException(name + ": page " + (p + 1) + " needs " + lines.size()
              + " lines, only " + maxLines + " fit; move text to another page");
        }
        PDPage page = new PDPage(PAGE);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          float y = PAGE.getHeight() - MARGIN - FONT_SIZE;
          for (Line line : lines) {
            if (!line.text().isEmpty()) {
              cs.beginText();
              cs.setFont(line.font(), FONT_SIZE);
              cs.newLineAtOffset(MARGIN + line.indent(), y);
              cs.showText(line.text());
              cs.endText();
            }
            y -= LEADING;
          }
          String footer = "Page " + (p + 1) + " of " + pages.size();
          cs.beginText();
          cs.setFont(regular, FOOTER_SIZE);
          cs.newLineAtOffset((PAGE.getWidth() - regular.getStringWidth(footer) / 1000 * FOOTER_SIZE) / 2, MARGIN / 2);
          cs.showText(footer);
          cs.endText();
        }
      }
      describe(doc, title, name);
      doc.save(out.toFile());
    }
  }

  /** Wraps one source line at spaces; list items keep their hanging indent. */
  private static List<Line> wrap(String source, PDType1Font font, float width, String name, int page)
      throws IOException {
    List<Line> out = new ArrayList<>();
    if (source.isBlank()) {
      out.add(new Line("", font, 0));
      return out;
    }
    Matcher m = LIST_PREFIX.matcher(source);
    m.find();
    float hanging = textWidth(font, m.group(1), name, page);
    String[] words = source.strip().split(" +");
    float lead = textWidth(font, source.substring(0, source.length() - source.stripLeading().length()), name, page);
    StringBuilder current = new StringBuilder();
    float indent = lead;
    for (String word : words) {
      String candidate = current.isEmpty() ? word : current + " " + word;
      if (textWidth(font, candidate, name, page) <= width - indent) {
        current.setLength(0);
        current.append(candidate);
        continue;
      }
      if (current.isEmpty()) {
        throw new IllegalStateException(name + ": page " + page + ": word too long for a line: " + word);
      }
      out.add(new Line(current.toString(), font, indent));
      indent = hanging;
      current.setLength(0);
      current.append(word);
    }
    out.add(new Line(current.toString(), font, indent));
    return out;
  }

  private static float textWidth(PDType1Font font, String text, String name, int page) throws IOException {
    try {
      return font.getStringWidth(text) / 1000 * FONT_SIZE;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": page " + page
          + ": character outside WinAnsiEncoding (Standard 14 Helvetica) in: " + text, e);
    }
  }

  /** Fixed metadata and ID so that regenerating yields identical bytes. */
  private static void describe(PDDocument doc, String title, String name) throws NoSuchAlgorithmException {
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle(title);
    info.setAuthor("Chartline demo samples");
    info.setSubject("Synthetic clinical document - fictional patient, no real data");
    info.setCreator("samples/tools/MakeSamplePdfs.java");
    info.setProducer("Apache PDFBox 3.0.8");
    info.setCreationDate(CREATED);
    info.setModificationDate(CREATED);
    byte[] id = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)), 16);
    COSArray ids = new COSArray();
    ids.add(new COSString(id));
    ids.add(new COSString(id));
    doc.getDocument().getTrailer().setItem(COSName.ID, ids);
  }

  /** Checks that every PDF page extracts to exactly the words of its source page. */
  private static void verifyText(Path pdf, List<String> pages) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      if (doc.getNumberOfPages() != pages.size()) {
        throw new IllegalStateException(pdf + ": " + doc.getNumberOfPages() + " pages, expected " + pages.size());
      }
      PDFTextStripper stripper = new PDFTextStripper();
      for (int p = 0; p < pages.size(); p++) {
        stripper.setStartPage(p + 1);
        stripper.setEndPage(p + 1);
        String actual = normalize(FOOTER.matcher(stripper.getText(doc)).replaceFirst(""));
        String expected = normalize(pages.get(p));
        if (!actual.equals(expected)) {
          int at = 0;
          while (at < Math.min(actual.length(), expected.length()) && actual.charAt(at) == expected.charAt(at)) {
            at++;
          }
          throw new IllegalStateException(pdf + ": page " + (p + 1) + " text differs from its source at character "
              + at + ": '" + excerpt(actual, at) + "' vs '" + excerpt(expected, at) + "'");
        }
      }
    }
  }

  private static String normalize(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  private static String excerpt(String s, int at) {
    return s.substring(Math.max(0, at - 20), Math.min(s.length(), at + 40));
  }

  /** Two "faxed" pages drawn with lines, rectangles, curves and one raster image: no text at all. */
  private static void writeNoTextPdf(Path out) throws IOException, NoSuchAlgorithmException {
    Random random = new Random(20250315L);
    try (PDDocument doc = new PDDocument()) {
      PDImageXObject stamp = LosslessFactory.createFromImage(doc, stampImage());
      for (int p = 0; p < 2; p++) {
        PDPage page = new PDPage(PAGE);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          float top = PAGE.getHeight() - 40;
          cs.setNonStrokingColor(0.15f, 0.15f, 0.15f);
          cs.addRect(30, top - 10, PAGE.getWidth() - 60, 10); // fax transmission header band
          cs.fill();
          cs.setStrokingColor(0.2f, 0.2f, 0.2f);
          cs.setLineWidth(1.2f);
          cs.addRect(MARGIN, top - 90, 220, 60); // letterhead box
          cs.stroke();
          float y = top - 130;
          cs.setNonStrokingColor(0.35f, 0.35f, 0.35f);
          while (y > 150) { // greyed "lines of handwriting", as a bad scan renders them
            if (random.nextInt(7) == 0) {
              y -= 14;
              continue;
            }
            float length = 120 + random.nextFloat() * (PAGE.getWidth() - 2 * MARGIN - 120);
            cs.addRect(MARGIN + random.nextFloat() * 6, y, length, 5 + random.nextFloat() * 2);
            cs.fill();
            y -= 14;
          }
          cs.setLineWidth(1.5f);
          cs.moveTo(MARGIN + 260, 110); // signature scrawl
          cs.curveTo(MARGIN + 290, 150, MARGIN + 310, 70, MARGIN + 340, 115);
          cs.curveTo(MARGIN + 360, 140, MARGIN + 380, 90, MARGIN + 420, 105);
          cs.stroke();
          cs.drawImage(stamp, MARGIN, 70, 160, 60);
        }
      }
      describe(doc, "Faxed referral (scanned image, no text layer)", "demo-clinic/scanned-fax-no-text.pdf");
      doc.save(out.toFile());
    }
  }

  /** A greyscale "RECEIVED" stamp drawn as shapes only, so the image holds no text either. */
  private static BufferedImage stampImage() {
    BufferedImage img = new BufferedImage(320, 120, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 320, 120);
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(6));
    g.drawRoundRect(6, 6, 308, 108, 24, 24);
    g.setStroke(new BasicStroke(3));
    for (int x = 20; x < 300; x += 18) {
      g.drawLine(x, 90, x + 10, 30);
    }
    g.dispose();
    return img;
  }

  /** A PDF cut short in its first object and followed by garbage: no xref, trailer or catalog. */
  private static byte[] corruptBytes() {
    byte[] head = ("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Cat")
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] garbage = new byte[1536];
    new Random(4242L).nextBytes(garbage);
    for (int i = 0; i < garbage.length; i++) {
      if (garbage[i] == '%' || garbage[i] == 'o' || garbage[i] == 'x' || garbage[i] == 't') {
        garbage[i] = (byte) 0xA5; // no stray "%%EOF", "obj", "xref" or "trailer" for a lenient parser to find
      }
    }
    byte[] out = Arrays.copyOf(head, head.length + garbage.length);
    System.arraycopy(garbage, 0, out, head.length, garbage.length);
    return out;
  }

  private static void verifyNoText(Path pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      String text = new PDFTextStripper().getText(doc);
      if (doc.getNumberOfPages() != 2 || !text.isBlank()) {
        throw new IllegalStateException(pdf + ": expected 2 pages without extractable text");
      }
    }
  }

  private static void verifyCorrupt(Path pdf) {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      throw new IllegalStateException(pdf + ": PDFBox opened it (" + doc.getNumberOfPages()
          + " pages); it must be unreadable");
    } catch (IOException expected) {
      // unreadable, as intended
    }
  }

  private static Calendar fixedDate() {
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    c.clear();
    c.set(2025, Calendar.MARCH, 15, 12, 0, 0);
    return c;
  }
}
