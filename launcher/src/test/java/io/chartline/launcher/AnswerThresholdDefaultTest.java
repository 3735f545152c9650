package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.query.QueryConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The answer threshold: its default is the value ADR 0005 documents as calibrated, which is what
 * the cited {@code bench answers} result chose and what docs/configuration.md states.
 */
class AnswerThresholdDefaultTest {

  static final Path ROOT = Path.of(System.getProperty("chartline.repo.root", ".."));

  static AppConfig build(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(AppConfigTest.MINIMAL);
    env.putAll(extra);
    return AppConfig.from(new Settings(env), EnumSet.allOf(Role.class));
  }

  /** The default equals the calibrated value of ADR 0005, the result file it cites, and the configuration page. */
  @Test
  void theDefaultIsTheDocumentedCalibratedValue() throws Exception {
    String adr = Files.readString(ROOT.resolve("docs/adr/0005-extractive-answers.md"));
    Matcher documented = Pattern.compile("Calibrated threshold: \\*\\*([0-9.]+)\\*\\*").matcher(adr);
    assertThat(documented.find()).as("ADR 0005 states the calibrated threshold").isTrue();
    Matcher cited = Pattern.compile("bench/results/answers-[0-9-]+\\.json").matcher(adr);
    assertThat(cited.find()).as("ADR 0005 cites its bench result").isTrue();
    JsonObject result = new JsonObject(Files.readString(ROOT.resolve(cited.group())));
    String configuration = Files.readString(ROOT.resolve("docs/configuration.md"));

    double calibrated = Double.parseDouble(documented.group(1));
    assertThat(build(Map.of()).query().minScore()).isEqualTo(calibrated).isEqualTo(QueryConfig.CALIBRATED_MIN_SCORE);
    assertThat(result.getDouble("chosen_threshold")).isEqualTo(calibrated);
    assertThat(result.getBoolean("rule_met")).isTrue();
    assertThat(configuration).contains("| `CHARTLINE_QUERY_MIN_SCORE` | `" + documented.group(1) + "` |");
  }

  /** CHARTLINE_QUERY_MIN_SCORE overrides the default. */
  @Test
  void theSettingOverridesTheDefault() {
    assertThat(build(Map.of("CHARTLINE_QUERY_MIN_SCORE", "0.5")).query().minScore()).isEqualTo(0.5);
  }

  /** Values that are not a similarity in [0, 1] stop the start with a message naming the setting. */
  @ParameterizedTest
  @ValueSource(strings = {"high", "-0.1", "1.5", "NaN", "Infinity"})
  void badValuesNameTheSetting(String value) {
    assertThatThrownBy(() -> build(Map.of("CHARTLINE_QUERY_MIN_SCORE", value)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CHARTLINE_QUERY_MIN_SCORE");
  }
}
