package io.chartline.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Flags, options and positionals; an option never swallows the next option as its value. */
class ArgsTest {

  @Test
  void flagsInAnyOrderAreFlags() {
    Args a = new Args(new String[] {"--bedrock", "--no-serve"}, Set.of("no-serve", "bedrock"));
    assertThat(a.flag("bedrock")).isTrue();
    assertThat(a.flag("no-serve")).isTrue();
  }

  @Test
  void anOptionWhoseValueIsMissingIsRefusedNotFedTheNextOption() {
    assertThatThrownBy(() -> new Args(new String[] {"--docs", "--no-serve"}, Set.of("no-serve")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--docs needs a value");
  }
}
