package io.chartline.ingest.parse;

import java.io.IOException;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The PDF bytes as PDFBox reads them, with the deadline checked as it reads: a parser looping
 * over a damaged cross-reference table or object stream keeps reading, so it is stopped here
 * even though no page has been reached yet. Views PDFBox creates read through this object too.
 */
final class DeadlineReadBuffer extends RandomAccessReadBuffer {

  private final ParseDeadline deadline;

  DeadlineReadBuffer(byte[] pdf, ParseDeadline deadline) {
    super(pdf);
    this.deadline = deadline;
  }

  @Override
  public int read() throws IOException {
    deadline.checkEvery();
    return super.read();
  }

  @Override
  public int read(byte[] b, int offset, int length) throws IOException {
    deadline.checkEvery();
    return super.read(b, offset, length);
  }

  @Override
  public void seek(long position) throws IOException {
    deadline.checkEvery();
    super.seek(position);
  }
}
