package io.chartline.ingest.parse;

import java.nio.charset.StandardCharsets;

/** Leading-byte signatures of formats the ingest stage does not read, each with a stable name. */
final class BinarySignatures {

  private record Signature(String name, int... bytes) {}

  private static final Signature[] SIGNATURES = {
    new Signature("png", 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A),
    new Signature("jpeg", 0xFF, 0xD8, 0xFF),
    new Signature("gif", 'G', 'I', 'F', '8'),
    new Signature("tiff", 'I', 'I', 0x2A, 0x00),
    new Signature("tiff", 'M', 'M', 0x00, 0x2A),
    new Signature("zip", 'P', 'K', 0x03, 0x04),
    new Signature("zip", 'P', 'K', 0x05, 0x06),
    new Signature("ole2", 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1),
    new Signature("gzip", 0x1F, 0x8B),
    new Signature("rtf", '{', '\\', 'r', 't', 'f'),
    new Signature("utf-32", 0xFF, 0xFE, 0x00, 0x00),
    new Signature("utf-32", 0x00, 0x00, 0xFE, 0xFF),
    new Signature("utf-16", 0xFF, 0xFE),
    new Signature("utf-16", 0xFE, 0xFF),
  };

  private static final byte[] WORD_PART = "word/".getBytes(StandardCharsets.US_ASCII);

  private BinarySignatures() {}

  /** @return the name of the format {@code head} starts with ("docx" for a ZIP holding word/ parts), or null. */
  static String match(byte[] head) {
    for (Signature signature : SIGNATURES) {
      if (startsWith(head, signature.bytes())) {
        String name = signature.name();
        if (name.equals("zip") && TypeDetector.indexOf(head, WORD_PART, Math.min(head.length, TypeDetector.INSPECTED_BYTES)) >= 0) {
          return "docx";
        }
        return name;
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] head, int[] signature) {
    if (head.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
