package io.chartline.devstack;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes of one stack with their output appended to {@code logs/<service>.log}
 * and their standard input a pipe from this JVM.
 */
final class ProcessLauncher {

  private static final List<String> JVM_OPTION_VARIABLES =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "CLASSPATH");

  private final Path logDir;

  ProcessLauncher(Path logDir) {
    this.logDir = logDir;
  }

  Path logOf(String service) {
    return logDir.resolve(service + ".log");
  }

  /**
   * Starts a long-running service process.
   *
   * @param terminateOnStop whether {@link ChildProcess#stop} also sends SIGTERM after closing stdin
   */
  ChildProcess start(String service, CommandLine command, boolean terminateOnStop) throws IOException {
    Path log = logOf(service);
    long offset = LogTail.offsetOf(log);
    Process process = builder(command, log).start();
    return new ChildProcess(service, process, log, offset, terminateOnStop);
  }

  /**
   * Runs a command to completion; its output is appended to the service's log.
   *
   * @param input text written to its stdin, which is then closed; with {@code null} stdin stays
   *              open until the command exits (a {@link ParentWatch} child would stop on EOF)
   * @throws IOException when it exits non-zero or outlives {@code timeout}; the message ends with
   *                     its output
   */
  void run(String service, CommandLine command, String input, Duration timeout) throws IOException {
    Path log = logOf(service);
    long offset = LogTail.offsetOf(log);
    Process process = builder(command, log).start();
    ChildProcess child = new ChildProcess(service, process, log, offset, true);
    OutputStream stdin = process.getOutputStream();
    try {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
        stdin.close();
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.stop(Duration.ofSeconds(2));
        throw child.failure(command.program() + " did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      child.stop(Duration.ofSeconds(2));
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running " + command.program());
    } finally {
      stdin.close();
    }
    if (process.exitValue() != 0) {
      throw child.failure(command.program() + " failed with exit code " + process.exitValue());
    }
  }

  private ProcessBuilder builder(CommandLine command, Path log) throws IOException {
    Files.createDirectories(logDir);
    ProcessBuilder builder = new ProcessBuilder(command.args())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    Map<String, String> env = builder.environment();
    JVM_OPTION_VARIABLES.forEach(env::remove);
    env.putAll(command.env());
    return builder;
  }
}
