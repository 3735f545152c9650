package io.chartline.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits for a freshly started child to become ready, by polling a probe until a deadline. Fails
 * fast when the child exits first. Runs on the thread that starts the stack, never on an event loop.
 */
final class StartupWait {

  /** How long any one service may take to become ready; generous for a loaded 2-core machine. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private static final long POLL_MILLIS = 50;
  private static final int CONNECT_TIMEOUT_MILLIS = 500;

  /** A readiness check; returning false (or throwing) means "not yet". */
  @FunctionalInterface
  interface Probe {
    boolean ready() throws IOException;
  }

  private StartupWait() {
  }

  /**
   * Returns once {@code probe} answers true.
   *
   * @throws IOException when the child exits or the timeout passes first, with the child's log tail
   */
  static void until(ChildProcess child, String service, Probe probe) throws IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      if (isReady(probe)) {
        return;
      }
      if (!child.isAlive()) {
        throw child.failure(service + " exited with code " + child.exitCode() + " before it was ready");
      }
      if (System.nanoTime() > deadline) {
        throw child.failure(service + " was not ready within " + TIMEOUT);
      }
      try {
        Thread.sleep(POLL_MILLIS); // blocking-ok: startup polling off the event loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + service);
      }
    }
  }

  /** True when something accepts TCP connections on 127.0.0.1:{@code port}. */
  static boolean tcpOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** True when an HTTP server on 127.0.0.1:{@code port} answers a request with any status. */
  static boolean httpAnswers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(2_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(5);
      return "HTTP/".equals(new String(head, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isReady(Probe probe) {
    try {
      return probe.ready();
    } catch (IOException e) {
      return false;
    }
  }
}
