package io.chartline.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads what a child wrote to its log file since a given offset (the start of this run). */
final class LogTail {

  private static final int MAX_BYTES = 256 * 1024;

  private LogTail() {
  }

  /** Size of the file now, or 0 when it does not exist yet. */
  static long offsetOf(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last {@code count} lines written since {@code offset}; empty when nothing can be read. */
  static List<String> lastLines(Path log, long offset, int count) {
    String text = since(log, offset);
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> lines = Arrays.asList(text.split("\r?\n"));
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }

  /** Whether {@code needle} was written since {@code offset}. */
  static boolean contains(Path log, long offset, String needle) {
    return since(log, offset).contains(needle);
  }

  private static String since(Path log, long offset) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(offset, file.length() - MAX_BYTES);
      int length = (int) Math.max(0, file.length() - start);
      byte[] bytes = new byte[length];
      file.seek(start);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
