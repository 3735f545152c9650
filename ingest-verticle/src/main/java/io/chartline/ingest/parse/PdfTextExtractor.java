package io.chartline.ingest.parse;

import io.chartline.common.error.ErrorCode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Extracts text from a PDF page by page with PDFBox 3, within the size, page and time limits of
 * a {@link PdfExtractionConfig}. Synchronous and CPU-bound: call it on a bounded worker pool.
 * Thread-safe; each call works on its own document.
 *
 * <p>On success every page of the file is present, numbered from 1, blank pages with empty
 * text. Every failure is a {@link ParseException}: {@code EMPTY_DOCUMENT}, {@code DOCUMENT_TOO_LARGE}
 * (bytes or pages), {@code ENCRYPTED_DOCUMENT} (a user password is needed),
 * {@code CORRUPT_DOCUMENT} (PDFBox cannot read it), {@code PARSE_TIMEOUT} (the document's
 * {@link ParseBudget} spent, checked while reading bytes, between pages and during content
 * streams), {@code DOCUMENT_TOO_COMPLEX} (pages sharing content out of proportion to the file, or
 * more operators or glyphs than the {@link ContentLimits} allow) or {@code NO_EXTRACTABLE_TEXT}
 * (for example scanned images). Documents that only restrict permissions are read: the
 * pipeline indexes its own tenants' documents, and PDFBox does not enforce those flags anyway.
 */
public final class PdfTextExtractor {

  static {
    PdfBoxFontCache.configure();
  }

  private final PdfExtractionConfig config;
  private final Clock clock;

  public PdfTextExtractor(PdfExtractionConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Default memory settings and content limits, one budget for every document, and the system clock. */
  public PdfTextExtractor(int maxPages, long maxBytes, Duration timeBudget) {
    this(new PdfExtractionConfig(maxBytes, maxPages, timeBudget, PdfExtractionConfig.defaults().mainMemoryBytes()),
        Clock.systemUTC());
  }

  /**
   * @return the document's pages and their text
   * @throws ParseException with a stable code as described on the class; the message holds no content
   */
  public ParsedDocument extract(byte[] pdf) throws ParseException {
    if (pdf.length == 0) {
      throw new ParseException(ErrorCode.EMPTY_DOCUMENT, "pdf has no bytes");
    }
    if (pdf.length > config.maxBytes()) {
      throw new ParseException(ErrorCode.DOCUMENT_TOO_LARGE,
          "pdf exceeds the size limit [bytes: " + pdf.length + ", limit: " + config.maxBytes() + "]");
    }
    Instant started = clock.instant();
    Duration budget = config.budget().forBytes(pdf.length);
    ParseDeadline deadline = new ParseDeadline(clock, started.plus(budget));
    MemoryUsageSetting memory = MemoryUsageSetting.setupMixed(config.mainMemoryBytes());
    try (PDDocument document = Loader.loadPDF(new DeadlineReadBuffer(pdf, deadline), "", null, null, memory.streamCache)) {
      int declaredPages = document.getNumberOfPages();
      if (declaredPages > config.maxPages()) {
        throw tooManyPages(declaredPages);
      }
      budget = config.budget().forDocument(pdf.length, declaredPages);
      deadline.moveTo(started.plus(budget));
      SharedContentStreams.check(document, pdf.length, config.content(), deadline);
      List<String> texts = new PageTextCollector(deadline, config.maxPages(),
          new ContentCounter(config.content(), pdf.length)).collect(document);
      return toDocument(texts);
    } catch (InvalidPasswordException e) {
      throw new ParseException(ErrorCode.ENCRYPTED_DOCUMENT, "pdf is encrypted and needs a password");
    } catch (ParseDeadline.Exceeded e) {
      throw new ParseException(ErrorCode.PARSE_TIMEOUT, "pdf extraction exceeded its budget [budget: " + budget
          + ", bytes: " + pdf.length + "]");
    } catch (ContentCounter.TooComplex e) {
      throw new ParseException(ErrorCode.DOCUMENT_TOO_COMPLEX, e.getMessage());
    } catch (PageTextCollector.TooManyPages e) {
      throw tooManyPages(config.maxPages() + 1);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      // Malformed files surface as IOException, but also as NPEs, ClassCastExceptions and deep
      // recursion inside PDFBox: all mean the same thing for this document.
      throw new ParseException(ErrorCode.CORRUPT_DOCUMENT, "pdf cannot be read [" + describe(e) + "]");
    }
  }

  private ParsedDocument toDocument(List<String> texts) throws ParseException {
    List<ParsedDocument.Page> pages = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      pages.add(new ParsedDocument.Page(i + 1, ExtractedText.clean(texts.get(i))));
    }
    ParsedDocument document = new ParsedDocument(pages);
    if (document.isBlank()) {
      throw new ParseException(ErrorCode.NO_EXTRACTABLE_TEXT,
          "pdf pages contain no extractable text [pages: " + pages.size() + "]");
    }
    return document;
  }

  private ParseException tooManyPages(int pages) {
    return new ParseException(ErrorCode.DOCUMENT_TOO_LARGE,
        "pdf exceeds the page limit [pages: " + (pages > config.maxPages() ? "more than " + config.maxPages() : pages)
            + ", limit: " + config.maxPages() + "]");
  }

  /** The exception type and where in PDFBox it arose; library messages may quote file bytes, so they are left out. */
  private static String describe(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    String origin = trace.length == 0 ? "" : " at " + trace[0].getClassName().replaceAll(".*\\.", "") + "." + trace[0].getMethodName();
    return e.getClass().getSimpleName() + origin;
  }
}
