package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeClasspathTest {

  @TempDir
  Path dir;

  @Test
  void everyRuntimeModuleShipsAClasspathOfExistingJars() throws IOException {
    for (String runtime : new String[] {"kafka", "s3proxy", "elasticmq"}) {
      assertThat(RuntimeClasspath.load(runtime).split(File.pathSeparator)).as(runtime)
          .hasSizeGreaterThan(5)
          .allSatisfy(entry -> assertThat(Path.of(entry)).exists());
    }
  }

  @Test
  void staleClasspathNamesTheModuleToRebuild() throws IOException {
    Path jar = Files.createFile(dir.resolve("a.jar"));
    String stale = jar + File.pathSeparator + dir.resolve("gone.jar");

    assertThatThrownBy(() -> RuntimeClasspath.verified("kafka", stale))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("gone.jar")
        .hasMessageContaining("devstack-runtime/kafka");
  }

  @Test
  void unknownRuntimeFailsClearly() {
    assertThatThrownBy(() -> RuntimeClasspath.load("nope"))
        .hasMessageContaining("io/chartline/devstack/nope.classpath");
  }
}
