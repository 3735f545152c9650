package io.chartline.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free TCP ports on 127.0.0.1 by binding port 0 and releasing it. Ports handed out once are
 * never handed out again by this JVM, so services started in parallel cannot be given the same one.
 */
final class FreePorts {

  private static final int ATTEMPTS = 20;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {
  }

  /** Returns a port that was free a moment ago; throws when the OS gives none after a few tries. */
  static synchronized int allocate() throws IOException {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port;
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = socket.getLocalPort();
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IOException("no free TCP port on 127.0.0.1 after " + ATTEMPTS + " attempts");
  }
}
