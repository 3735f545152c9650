package io.chartline.devstack;

import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A JVM that starts a stack, prints the PIDs of its processes as {@code PIDS 1 2 3}, and holds it
 * until its stdin closes. {@link ParentDeathIT} kills it with SIGKILL.
 */
public final class StackHolder {

  private StackHolder() {
  }

  public static void main(String[] args) throws Exception {
    DevStack stack = DevStack.start(new DevStackOptions(Path.of(args[0]), false, true, false, true, false));
    String pids = ProcessHandle.current().descendants().map(h -> Long.toString(h.pid()))
        .collect(Collectors.joining(" "));
    System.out.println("PIDS " + pids);
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold the stack until the test closes our stdin or kills us
    }
    stack.close();
  }
}
