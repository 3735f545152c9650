package io.chartline.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ReasonText: 10 to 500 printable characters, stripped; anything else is refused. */
class ReasonTextTest {

  /** A plain sentence passes, stripped of surrounding blanks; accents and emoji count as one character each. */
  @Test
  void aPlainReasonIsAcceptedStripped() {
    assertThat(ReasonText.accept("  Contract 2291 ended  ")).hasValue("Contract 2291 ended");
    assertThat(ReasonText.accept("Vertrag endete, Löschung")).hasValue("Vertrag endete, Löschung");
    assertThat(ReasonText.accept("\uD83D\uDCDD".repeat(10))).isPresent();
    assertThat(ReasonText.accept("x".repeat(ReasonText.MAX_CHARS))).isPresent();
  }

  /** Missing, non-text, too short (after stripping) or too long reasons are refused. */
  @Test
  void missingShortLongOrNonTextReasonsAreRefused() {
    assertThat(ReasonText.accept(null)).isEmpty();
    assertThat(ReasonText.accept(12345678901L)).isEmpty();
    assertThat(ReasonText.accept("too short")).isEmpty();
    assertThat(ReasonText.accept("   short   ")).isEmpty();
    assertThat(ReasonText.accept("x".repeat(ReasonText.MAX_CHARS + 1))).isEmpty();
    assertThat(ReasonText.accept("\uD83D\uDCDD".repeat(9))).isEmpty();
  }

  /** Control and format characters, line breaks and unpaired surrogates are refused wherever they are. */
  @ParameterizedTest
  @ValueSource(strings = {"contract\u0000 ended", "contract\n ended now", "contract\r\nended now",
      "contract ended \u001b[2J", "contract\u0085ended now", "contract \u202Eended now", "contract \u2028ended now",
      "contract\u200Bended now", "contract \uD800 ended", "contract \uDC00 ended", "contract\tended now"})
  void controlFormatAndBrokenCharactersAreRefused(String reason) {
    assertThat(ReasonText.accept(reason)).isEmpty();
  }
}
