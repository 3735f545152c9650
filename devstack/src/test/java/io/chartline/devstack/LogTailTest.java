package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir
  Path dir;

  @Test
  void returnsOnlyTheLastLinesWrittenSinceTheOffset() throws Exception {
    Path log = dir.resolve("x.log");
    Files.writeString(log, "old run\n");
    long offset = LogTail.offsetOf(log);
    Files.writeString(log, "a\nb\nc\nd\n", java.nio.file.StandardOpenOption.APPEND);

    assertThat(LogTail.lastLines(log, offset, 2)).containsExactly("c", "d");
    assertThat(LogTail.contains(log, offset, "old run")).isFalse();
    assertThat(LogTail.contains(log, offset, "b\nc")).isTrue();
  }

  @Test
  void missingFileReadsAsEmpty() {
    Path log = dir.resolve("none.log");

    assertThat(LogTail.offsetOf(log)).isZero();
    assertThat(LogTail.lastLines(log, 0, 30)).isEmpty();
  }
}
