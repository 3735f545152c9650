package io.chartline.devstack;

import java.util.Set;
import java.util.stream.Collectors;

/** Which processes descend from this test JVM, to prove that a stack leaves none behind. */
final class ChildProcesses {

  private ChildProcesses() {
  }

  static Set<Long> pids() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  static Set<Long> startedSince(Set<Long> before) {
    return pids().stream().filter(pid -> !before.contains(pid)).collect(Collectors.toSet());
  }

  static Set<Long> alive(Set<Long> pids) {
    return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .collect(Collectors.toSet());
  }
}
