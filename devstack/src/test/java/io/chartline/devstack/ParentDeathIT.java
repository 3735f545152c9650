package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParentDeathIT {

  private final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "parent-death-it-" + UUID.randomUUID());

  @AfterEach
  void tearDown() {
    StateLayout.deleteTree(dir);
  }

  @Test
  void childrenExitWhenTheirParentJvmIsKilledWithSigkill() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        StackHolder.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Set<Long> pids = readPids(holder);
    assertThat(pids).as("postgres and s3proxy processes").hasSizeGreaterThanOrEqualTo(3);

    holder.destroyForcibly().waitFor();

    CompletableFuture.allOf(pids.stream().map(ProcessHandle::of).flatMap(Optional::stream)
        .map(ProcessHandle::onExit).toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(ChildProcesses.alive(pids)).isEmpty();
  }

  private static Set<Long> readPids(Process holder) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PIDS ")) {
        return Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).collect(Collectors.toSet());
      }
    }
    throw new AssertionError("stack holder exited with " + holder.waitFor() + " before printing its PIDs");
  }
}
