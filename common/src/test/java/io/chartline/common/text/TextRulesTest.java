package io.chartline.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What text is accepted before it can reach the database: no controls, no lone surrogates, strict UTF-8. */
class TextRulesTest {

  /** NUL, other C0 controls, DEL and C1 controls are refused in lines; multi-line text may hold tab and line breaks. */
  @Test
  void controlCharactersAreRefusedExceptLineBreaksInMultiLineText() {
    for (String bad : new String[] {"a\u0000b", "\u0007", "a\u001b[31m", "\u007f", "x\u0085y", "\u009f"}) {
      assertThat(TextRules.isLine(bad)).as(bad).isFalse();
      assertThat(TextRules.isText(bad)).as(bad).isFalse();
    }
    assertThat(TextRules.isLine("two\nlines")).isFalse();
    assertThat(TextRules.isText("two\nlines\r\n\tindented")).isTrue();
    assertThat(TextRules.isLine("Discharge summary — café, 2 × 5 mg")).isTrue();
    assertThat(TextRules.isLine(null)).as("absent is not bad").isTrue();
  }

  /** A surrogate pair is one character; either half alone cannot be encoded as UTF-8 and is refused. */
  @Test
  void loneSurrogatesAreRefusedAndPairsPass() {
    assertThat(TextRules.isLine("\ud83d\ude00")).isTrue();
    assertThat(TextRules.isLine("a\ud83d")).isFalse();
    assertThat(TextRules.isLine("\ude00a")).isFalse();
    assertThat(TextRules.isLine("\ud83d\ud83d\ude00")).isFalse();
  }

  /** U+FFFD marks bytes a lenient decoder could not read: refused there, kept where decoding was strict. */
  @Test
  void theReplacementCharacterIsRefusedUnlessTheDecodingWasStrict() {
    assertThat(TextRules.isLine("caf\uFFFD")).isFalse();
    assertThat(TextRules.isStrictlyDecodedText("caf\uFFFD")).isTrue();
    assertThat(TextRules.isStrictlyDecodedText("a\u0000")).isFalse();
  }

  /** Percent-decoding is RFC 3986 (plus is a plus) over strict UTF-8; malformed input gives null. */
  @Test
  void percentDecodingIsStrict() {
    assertThat(TextRules.percentDecode("Discharge%20summary%20%E2%80%94%20caf%C3%A9")).isEqualTo(
        "Discharge summary — café");
    assertThat(TextRules.percentDecode("a+b")).isEqualTo("a+b");
    assertThat(TextRules.percentDecode("plain title")).isEqualTo("plain title");
    assertThat(TextRules.percentDecode("%F0%9F%98%80")).isEqualTo("\ud83d\ude00");
    assertThat(TextRules.percentDecode("%C3")).as("truncated sequence").isNull();
    assertThat(TextRules.percentDecode("%ED%A0%80")).as("encoded surrogate").isNull();
    assertThat(TextRules.percentDecode("%C0%80")).as("overlong NUL").isNull();
    assertThat(TextRules.percentDecode("%E9t%E9")).as("Latin-1, not UTF-8").isNull();
    assertThat(TextRules.percentDecode("%4")).isNull();
    assertThat(TextRules.percentDecode("%zz")).isNull();
    assertThat(TextRules.percentDecode("caf\u00e9")).as("raw non-ASCII").isNull();
    assertThat(TextRules.percentDecode("%00")).as("decodes, then fails isLine").isEqualTo("\u0000");
  }

  @Test
  void utf8IsCheckedStrictly() {
    assertThat(TextRules.isUtf8("café".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(TextRules.isUtf8("café".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
    assertThat(TextRules.isUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isFalse();
  }
}
