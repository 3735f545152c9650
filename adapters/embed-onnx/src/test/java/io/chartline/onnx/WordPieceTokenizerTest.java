package io.chartline.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WordPieceTokenizerTest {

  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void loadTokenizer() {
    tokenizer = WordPieceTokenizer.fromClasspath(OnnxEmbedder.TOKENIZER_RESOURCE);
  }

  /**
   * Reference ids produced by HuggingFace tokenizers 0.22.2 from the same tokenizer.json with
   * truncation and padding disabled ({@code Tokenizer.from_file(...).encode(text).ids}).
   */
  static Stream<Arguments> referenceEncodings() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        WordPieceTokenizerTest.class.getResourceAsStream("/tokenizer/reference-encodings.jsonl"), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode node = mapper.readTree(line);
        long[] ids = new long[node.get("ids").size()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = node.get("ids").get(i).asLong();
        }
        cases.add(Arguments.of(node.get("text").asText(), ids));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("referenceEncodings")
  void encodesLikeHuggingFaceTokenizers(String text, long[] expectedIds) {
    Encoding encoding = tokenizer.encode(text, 512);

    assertThat(encoding.inputIds()).containsExactly(expectedIds);
    assertThat(encoding.tokenCount()).isEqualTo(expectedIds.length);
    assertThat(encoding.truncated()).isFalse();
    assertThat(tokenizer.countTokens(text)).isEqualTo(expectedIds.length - 2);
  }

  @Test
  void helloWorldHasTheWellKnownBertIds() {
    Encoding encoding = tokenizer.encode("hello world", 512);

    assertThat(encoding.inputIds()).containsExactly(101, 7592, 2088, 102);
    assertThat(encoding.attentionMask()).containsExactly(1, 1, 1, 1);
    assertThat(encoding.tokenTypeIds()).containsExactly(0, 0, 0, 0);
  }

  @Test
  void splitsUnknownWordsIntoLongestContinuationPieces() {
    assertThat(tokenizer.tokens("unaffable")).containsExactly("una", "##ffa", "##ble");
    assertThat(tokenizer.tokens("Electroencephalography")).containsExactly("electro", "##ence", "##pha", "##log", "##raphy");
  }

  @Test
  void lowerCasesAndStripsAccents() {
    assertThat(tokenizer.tokens("Café RÉSUMÉ Naïve")).containsExactly("cafe", "resume", "naive");
  }

  @Test
  void isolatesEveryPunctuationCharacter() {
    assertThat(tokenizer.tokens("b.i.d.")).containsExactly("b", ".", "i", ".", "d", ".");
    assertThat(tokenizer.tokens("120/80")).containsExactly("120", "/", "80");
  }

  @Test
  void wordsOverOneHundredCharactersBecomeOneUnknownToken() {
    assertThat(tokenizer.tokens("x".repeat(101) + " ok")).containsExactly("[UNK]", "ok");
    assertThat(tokenizer.countTokens("x".repeat(100))).isEqualTo(50);
  }

  @Test
  void truncatesToMaxLengthKeepingSeparatorLast() {
    Encoding encoding = tokenizer.encode("one two three four five six", 5);

    assertThat(encoding.tokenCount()).isEqualTo(5);
    assertThat(encoding.truncated()).isTrue();
    assertThat(encoding.inputIds()).containsExactly(101, 2028, 2048, 2093, 102);
  }

  @Test
  void textThatExactlyFitsIsNotReportedTruncated() {
    Encoding encoding = tokenizer.encode("one two three", 5);

    assertThat(encoding.tokenCount()).isEqualTo(5);
    assertThat(encoding.truncated()).isFalse();
  }

  @Test
  void ignoresTheShippedTokenizerJsonTruncationAt128() {
    String longText = "word ".repeat(400);

    assertThat(tokenizer.countTokens(longText)).isEqualTo(400);
    assertThat(tokenizer.encode(longText, 512).tokenCount()).isEqualTo(402);
  }

  @Test
  void blankTextHasNoTokensButStillTheSpecialOnes() {
    assertThat(tokenizer.countTokens(" \n\t ")).isZero();
    assertThat(tokenizer.encode("", 512).inputIds()).containsExactly(101, 102);
  }

  @Test
  void rejectsAMaxLengthWithoutRoomForSpecialTokens() {
    assertThatThrownBy(() -> tokenizer.encode("hello", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLength");
  }

  @Test
  void missingResourceIsReportedByName() {
    assertThatThrownBy(() -> WordPieceTokenizer.fromClasspath("/no-such-tokenizer.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/no-such-tokenizer.json");
  }
}
