package io.chartline.devtools.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Unique fake PHI for one test run — a patient name, an MRN-like number and a sentence — and a
 * detector that finds any of their distinctive tokens in text, whatever the case and whether the
 * text is raw, JSON-escaped or URL-encoded (tokens are plain letters or digits, which none of
 * those encodings change).
 */
final class Canaries {

  final String name;
  final String mrn;
  final String sentence;
  private final List<String> tokens;

  private Canaries(String first, String last, String word1, String word2) {
    String digits = Long.toString(100_000_000L + new SecureRandom().nextInt(900_000_000));
    this.name = first + " " + last;
    this.mrn = "MRN-" + digits;
    this.sentence = "The " + word1 + " protocol was explained to the patient's brother after the " + word2 + " episode.";
    this.tokens = List.of(first, last, digits, word1, word2);
  }

  /** The canaries planted by the main test. */
  static Canaries planted() {
    return new Canaries("Ozymandias", "Thistlewaite", "quindecagonal", "xanthochromic");
  }

  /** Different canaries, for the detector's self-check, so it cannot pollute the main test. */
  static Canaries selfCheck() {
    return new Canaries("Zenobia", "Quattlebaum", "pentadecimal", "erythromelalgic");
  }

  /** @return the tokens found in {@code text} (empty when none) */
  List<String> foundIn(String text) {
    String haystack = text.toLowerCase(Locale.ROOT);
    List<String> found = new ArrayList<>();
    for (String t : tokens) {
      if (haystack.contains(t.toLowerCase(Locale.ROOT))) {
        found.add(t);
      }
    }
    return found;
  }

  /** Where a token occurs, with some context, for a failure message. */
  String context(String text) {
    String haystack = text.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    for (String t : tokens) {
      int i = haystack.indexOf(t.toLowerCase(Locale.ROOT));
      if (i >= 0) {
        sb.append("\n  ...").append(text, Math.max(0, i - 200), Math.min(text.length(), i + 100)).append("...");
      }
    }
    return sb.toString();
  }

  static String url(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding, as {@code X-Document-Title} takes it ({@code %20} for a space, not {@code +}). */
  static String pct(String s) {
    return url(s).replace("+", "%20");
  }
}
