package io.chartline.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running service process. Its standard input is a pipe held by this JVM: closing it (or
 * this JVM dying) is the signal to stop, relayed by {@link ParentWatch} in child JVMs and by a
 * shell wrapper for PostgreSQL. Its output goes to a log file, never to this JVM's stdout.
 */
final class ChildProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
  private static final int TAIL_LINES = 30;

  private final String service;
  private final Process process;
  private final Path log;
  private final long logOffset;
  private final boolean terminateOnStop;

  ChildProcess(String service, Process process, Path log, long logOffset, boolean terminateOnStop) {
    this.service = service;
    this.process = process;
    this.log = log;
    this.logOffset = logOffset;
    this.terminateOnStop = terminateOnStop;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Exit code; only meaningful once {@link #isAlive()} is false. */
  int exitCode() {
    return process.exitValue();
  }

  Path log() {
    return log;
  }

  long logOffset() {
    return logOffset;
  }

  /** An exception whose message ends with the last lines this run wrote to the log. */
  IOException failure(String message) {
    return new IOException(message + tail());
  }

  /**
   * Stops the process and everything it started: close stdin (and SIGTERM when asked for), wait
   * up to {@code grace}, then kill whatever is left. Never throws.
   */
  void stop(Duration grace) {
    ProcessTree tree = ProcessTree.of(process.toHandle());
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.debug("closing stdin failed [service: {}]", service, e);
    }
    if (terminateOnStop) {
      process.destroy();
    }
    if (!tree.awaitOrKill(grace)) {
      LOG.warn("killed processes that ignored the stop request [service: {}, grace: {}]", service, grace);
    }
  }

  private String tail() {
    List<String> lines = LogTail.lastLines(log, logOffset, TAIL_LINES);
    if (lines.isEmpty()) {
      return " (log " + log + " is empty)";
    }
    return "\n--- last " + lines.size() + " lines of " + log + " ---\n" + String.join("\n", lines);
  }
}
