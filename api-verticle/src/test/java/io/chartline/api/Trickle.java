package io.chartline.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * A raw TCP client that sends a prefix at once and the rest in small pieces at a fixed pace, the
 * way a slow (or hostile) client does, and reports what came back and when the server closed.
 */
final class Trickle {

  /**
   * @param closedAfterMs time from the prefix being written to the server closing the connection
   * @param restSent bytes of the rest that had been written by then
   * @param received everything the server sent, as text
   */
  record Outcome(long closedAfterMs, int restSent, String received) {

    /** @return the status code of the first response, or -1 when none was received */
    int status() {
      return received.startsWith("HTTP/1.1 ") ? Integer.parseInt(received.substring(9, 12)) : -1;
    }
  }

  private Trickle() {
  }

  /** Connects from {@code localAddress} to 127.0.0.1:{@code port}, sends, and completes when the server closes. */
  static Future<Outcome> run(Vertx vertx, String localAddress, int port, String prefix, byte[] rest, int piece,
      long intervalMs) {
    Promise<Outcome> done = Promise.promise();
    vertx.createNetClient(new NetClientOptions().setLocalAddress(localAddress)).connect(port, "127.0.0.1")
        .onFailure(done::fail)
        .onSuccess(socket -> pace(vertx, socket, prefix, rest, piece, intervalMs, done));
    return done.future();
  }

  static Future<Outcome> run(Vertx vertx, int port, String prefix, byte[] rest, int piece, long intervalMs) {
    return run(vertx, "127.0.0.1", port, prefix, rest, piece, intervalMs);
  }

  private static void pace(Vertx vertx, NetSocket socket, String prefix, byte[] rest, int piece, long intervalMs,
      Promise<Outcome> done) {
    Buffer received = Buffer.buffer();
    int[] sent = {0};
    long start = System.nanoTime();
    socket.handler(received::appendBuffer);
    long timer = vertx.setPeriodic(intervalMs, id -> {
      if (sent[0] < rest.length) {
        int n = Math.min(piece, rest.length - sent[0]);
        socket.write(Buffer.buffer().appendBytes(rest, sent[0], n));
        sent[0] += n;
      }
    });
    socket.closeHandler(v -> {
      vertx.cancelTimer(timer);
      done.tryComplete(new Outcome((System.nanoTime() - start) / 1_000_000, sent[0],
          received.toString(StandardCharsets.ISO_8859_1)));
    });
    socket.write(prefix);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
