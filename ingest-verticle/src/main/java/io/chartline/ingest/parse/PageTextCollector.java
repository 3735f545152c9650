package io.chartline.ingest.parse;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Extracts text in one pass over the page tree while keeping each page's text apart, so page
 * numbers survive for citations. Pages without a content stream get empty text. The deadline
 * is checked before each page and every few thousand content-stream operators, so a single
 * pathological page cannot run past the budget either; every operator and glyph is counted
 * against the {@link ContentCounter}'s limits. One instance per document.
 */
final class PageTextCollector extends PDFTextStripper {

  private final ParseDeadline deadline;
  private final int maxPages;
  private final ContentCounter counter;
  private final StringWriter pageBuffer = new StringWriter();
  private final List<String> pageTexts = new ArrayList<>();

  PageTextCollector(ParseDeadline deadline, int maxPages, ContentCounter counter) {
    this.deadline = deadline;
    this.maxPages = maxPages;
    this.counter = counter;
    setLineSeparator("\n");
  }

  /**
   * @return the text of every page in page-tree order, index 0 being page 1
   * @throws TooManyPages when the page tree yields more than {@code maxPages} pages
   */
  List<String> collect(PDDocument document) throws IOException {
    writeText(document, pageBuffer);
    // PDFBox 3 counts from 1 and increments after each page, so it ends one past the last page.
    int pages = getCurrentPageNo() - 1;
    if (pages > maxPages) {
      throw new TooManyPages();
    }
    padTo(pages);
    return pageTexts;
  }

  @Override
  public void processPage(PDPage page) throws IOException {
    deadline.check();
    int number = getCurrentPageNo();
    if (number > maxPages) {
      throw new TooManyPages();
    }
    pageBuffer.getBuffer().setLength(0);
    counter.startPage(number);
    super.processPage(page);
    padTo(number - 1);
    pageTexts.add(pageBuffer.toString());
  }

  @Override
  protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
    deadline.checkEvery();
    counter.operator();
    super.processOperator(operator, operands);
  }

  @Override
  protected void processTextPosition(TextPosition text) {
    counter.glyph();
    super.processTextPosition(text);
  }

  private void padTo(int pages) {
    while (pageTexts.size() < pages) {
      pageTexts.add("");
    }
  }

  /** The page tree holds more pages than allowed (its /Count may have understated them). */
  static final class TooManyPages extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyPages() {
      super("too many pages", null, false, false);
    }
  }
}
