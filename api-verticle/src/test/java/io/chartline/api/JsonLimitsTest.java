package io.chartline.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.api.JsonLimits.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The streaming JSON shape check: one object, bounded nesting, bounded strings, known fields. */
class JsonLimitsTest {

  private static final Set<String> FIELDS = Set.of("query", "top_k");
  private final JsonLimits limits = new JsonLimits(4, 20);

  private Verdict check(String json) {
    return limits.check(json.getBytes(StandardCharsets.UTF_8), FIELDS).verdict();
  }

  /** NUL and other controls, escaped or raw, lone surrogates and bytes that are not UTF-8 are bad text, by field. */
  @Test
  void controlCharactersLoneSurrogatesAndInvalidUtf8AreRefusedNamingTheField() {
    assertThat(check("{\"query\": \"a\\u0000b\"}")).isEqualTo(Verdict.INVALID_TEXT);
    assertThat(check("{\"query\": \"a\\u001bb\"}")).as("escape").isEqualTo(Verdict.INVALID_TEXT);
    assertThat(check("{\"query\": \"a\\u0085b\"}")).as("C1 control").isEqualTo(Verdict.INVALID_TEXT);
    assertThat(check("{\"query\": \"a\\ud800b\"}")).as("lone high surrogate").isEqualTo(Verdict.INVALID_TEXT);
    assertThat(check("{\"query\": \"\\udc00\"}")).as("lone low surrogate").isEqualTo(Verdict.INVALID_TEXT);
    assertThat(check("{\"query\": {\"k\\u0000\": 1}}")).as("nested name").isEqualTo(Verdict.INVALID_TEXT);
    assertThat(check("{\"query\": \"one\\ntwo\\tt\\r\"}")).as("line breaks").isEqualTo(Verdict.OK);
    assertThat(check("{\"query\": \"\\ud83d\\ude00 caf\u00e9\"}")).as("a pair and accents").isEqualTo(Verdict.OK);

    byte[] latin1 = "{\"top_k\": 1, \"query\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    JsonLimits.Finding notUtf8 = limits.check(latin1, FIELDS);
    assertThat(notUtf8.verdict()).isEqualTo(Verdict.INVALID_TEXT);
    assertThat(notUtf8.field()).isEqualTo("query");
    assertThat(limits.check("{\"query\": \"a\\u0000\"}".getBytes(StandardCharsets.UTF_8), FIELDS).field())
        .isEqualTo("query");
  }

  @Test
  void aWellFormedRequestPasses() {
    assertThat(check("{\"query\": \"chest pain\", \"top_k\": 5}")).isEqualTo(Verdict.OK);
    assertThat(check("{\"query\": {\"a\": [[1]]}}")).as("depth 4 is the limit").isEqualTo(Verdict.OK);
  }

  @Test
  void nestingDeeperThanTheLimitIsRefusedWithoutReadingTheRest() {
    assertThat(check("{\"query\": {\"a\": [[[1]]]}}")).isEqualTo(Verdict.TOO_DEEP);
    // a million levels, and not even closed: the check stops at level 5
    String deep = "{\"query\":" + "[".repeat(1_000_000);
    long start = System.nanoTime();
    assertThat(check(deep)).isEqualTo(Verdict.TOO_DEEP);
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }

  @Test
  void longStringsNamesAndNumbersAreRefused() {
    assertThat(check("{\"query\": \"" + "x".repeat(21) + "\"}")).isEqualTo(Verdict.TOO_LONG);
    assertThat(check("{\"query\": {\"" + "k".repeat(21) + "\": 1}}")).isEqualTo(Verdict.TOO_LONG);
    assertThat(check("{\"top_k\": 1" + "0".repeat(40) + "}")).isEqualTo(Verdict.TOO_LONG);
    assertThat(check("{\"query\": \"" + "x".repeat(20) + "\"}")).isEqualTo(Verdict.OK);
  }

  @Test
  void onlyTheRoutesTopLevelFieldsAreAccepted() {
    assertThat(check("{\"query\": \"x\", \"tenant_id\": \"other\"}")).isEqualTo(Verdict.UNKNOWN_FIELD);
    assertThat(check("{\"query\": {\"tenant_id\": \"nested is fine\"}}")).isEqualTo(Verdict.OK);
  }

  @Test
  void anythingButOneObjectIsInvalidJson() {
    for (String bad : new String[] {"", "   ", "[]", "\"query\"", "{\"query\": ", "{} {}", "{\"query\": NaN}",
        "{\"query\": \"x\"", "{\"query\" \"x\"}"}) {
      assertThat(check(bad)).as(bad).isEqualTo(Verdict.INVALID_JSON);
    }
  }
}
