package io.chartline.devstack;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A child process to start: its arguments and the environment variables to set on top of the
 * parent's (JVM option variables such as {@code JAVA_TOOL_OPTIONS} are always removed).
 */
record CommandLine(List<String> args, Map<String, String> env) {

  CommandLine {
    args = List.copyOf(Objects.requireNonNull(args, "args"));
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  static CommandLine of(List<String> args) {
    return new CommandLine(args, Map.of());
  }

  /** The executable's file name, for messages. */
  String program() {
    String first = args.get(0);
    return first.substring(first.lastIndexOf('/') + 1);
  }
}
