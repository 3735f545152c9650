package io.chartline.common.intake;

/**
 * Orders S3 events for one key by their {@code sequencer}: hexadecimal strings of varying length,
 * compared after right-padding the shorter with zeros (as S3 documents). An event without a
 * sequencer sorts before every event that has one.
 */
public final class Sequencers {

  private Sequencers() {
  }

  /** @return negative, zero or positive as {@code a} is older than, the same as or newer than {@code b} */
  public static int compare(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    int n = Math.max(a.length(), b.length());
    String pa = pad(a.toUpperCase(java.util.Locale.ROOT), n);
    String pb = pad(b.toUpperCase(java.util.Locale.ROOT), n);
    return Integer.signum(pa.compareTo(pb));
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + "0".repeat(n - s.length());
  }
}
