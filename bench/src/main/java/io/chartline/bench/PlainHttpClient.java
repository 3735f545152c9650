package io.chartline.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A lean blocking HTTP/1.1 client for load generation: one keep-alive connection, one request at
 * a time, fixed-length bodies only (as the API sends them). The load generator shares the cores
 * with the system under test, so it must cost next to nothing, as wrk does for {@code bench query};
 * {@code java.net.http.HttpClient} spends about half a millisecond of CPU per upload. Not
 * thread-safe: one per uploading thread.
 */
final class PlainHttpClient implements AutoCloseable {

  /** Status and body of one response. */
  record Response(int status, String body) {
  }

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  PlainHttpClient(String base) {
    URI uri = URI.create(base);
    if (!"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("only http:// endpoints: " + base);
    }
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 80 : uri.getPort();
  }

  /**
   * Sends a POST with the body and returns the response (never retried: a POST is not idempotent).
   *
   * @param headers further request headers, such as {@code X-Document-Title}; values must be ASCII
   */
  Response post(String pathAndQuery, String contentType, String bearer, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder extra = new StringBuilder();
    headers.forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
    byte[] head = ("POST " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
        + "Authorization: Bearer " + bearer + "\r\nContent-Type: " + contentType + "\r\n" + extra
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    try {
      return exchange(head, body);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Response exchange(byte[] head, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5000);
      socket.setSoTimeout(60_000);
      in = new BufferedInputStream(socket.getInputStream(), 8192);
      out = socket.getOutputStream();
    }
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);
    out.write(request);
    out.flush();
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x response");
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closes = value.equalsIgnoreCase("close");
        default -> {
        }
      }
    }
    String responseBody = new String(chunked ? chunkedBody() : fixedBody(length), StandardCharsets.UTF_8);
    if (closes || length < 0 && !chunked) {
      close();
    }
    return new Response(status, responseBody);
  }

  private byte[] fixedBody(long length) throws IOException {
    if (length < 0) {
      return in.readAllBytes(); // no length: the body ends with the connection
    }
    return in.readNBytes((int) length);
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    socket = null;
    in = null;
    out = null;
  }
}
