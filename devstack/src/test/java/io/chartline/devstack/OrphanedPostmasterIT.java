package io.chartline.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
class OrphanedPostmasterIT {

  private final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "orphan-it-" + UUID.randomUUID());

  @AfterEach
  void tearDown() {
    StateLayout.deleteTree(dir);
  }

  @Test
  void postmasterLeftRunningOnTheDataDirIsStoppedByTheNextStart() throws Exception {
    DevStackOptions options = new DevStackOptions(dir, true, true, false, false, false);
    Set<Long> before = ChildProcesses.pids();
    DevStack first = DevStack.start(options);
    long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).trim());
    // GIVEN a postmaster whose wrapper processes died without telling it (e.g. kill -9 of the process group)
    List<ProcessHandle> wrappers = ProcessHandle.current().descendants()
        .filter(h -> !before.contains(h.pid()) && !isPostgres(h)).collect(Collectors.toList());
    // Inner wrappers first: when this JVM's direct child exits, the JDK closes the pipe to its
    // stdin, and a stdin watcher still alive at that moment would stop the server as asked.
    List<ProcessHandle> inner = wrappers.stream().filter(h -> !isChildOfThisJvm(h)).collect(Collectors.toList());
    List<ProcessHandle> outer = wrappers.stream().filter(OrphanedPostmasterIT::isChildOfThisJvm)
        .collect(Collectors.toList());
    killAndAwait(inner);
    killAndAwait(outer);
    first.close();
    assertThat(ProcessHandle.of(postmaster)).as("orphaned postmaster")
        .hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());

    // WHEN the next stack starts on the same directory
    try (DevStack second = DevStack.start(options)) {
      // THEN the orphan is gone and the new server works
      assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
      assertThat(second.postgres().createDatabase("after_orphan")).isEqualTo("after_orphan");
    }
  }

  private static boolean isChildOfThisJvm(ProcessHandle handle) {
    return handle.parent().map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false);
  }

  private static void killAndAwait(List<ProcessHandle> processes) throws Exception {
    processes.forEach(ProcessHandle::destroyForcibly);
    CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
        .get(10, TimeUnit.SECONDS);
  }

  private static boolean isPostgres(ProcessHandle handle) {
    return handle.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
  }
}
