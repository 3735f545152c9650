package io.chartline.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 endpoint served by s3proxy from the classpath of {@code devstack-runtime/s3proxy}.
 *
 * <p>Test stacks use the {@code transient} (in-memory) store, which accepts SSE-KMS headers and
 * echoes them back. Persistent stacks use the {@code filesystem} store under {@code s3/data}, so
 * objects survive restarts; that store answers 501 Not Implemented to any request carrying SSE-KMS
 * headers, so code that sets them needs a switch for dev mode.
 */
final class LocalS3 implements S3Server, LocalService {

  static final String NAME = "s3";
  /** Loopback-only credentials; s3proxy checks signatures against them. */
  static final String ACCESS_KEY = "chartline";
  static final String SECRET_KEY = "chartline-secret";
  static final String REGION = "us-east-1";
  private static final Logger LOG = LoggerFactory.getLogger(LocalS3.class);

  private final ChildProcess child;
  private final int port;

  private LocalS3(ChildProcess child, int port) {
    this.child = child;
    this.port = port;
  }

  /**
   * Starts s3proxy and returns once it answers HTTP.
   *
   * @throws IOException when it cannot start; whatever was started is stopped again
   */
  static LocalS3 start(StateLayout layout, ProcessLauncher launcher, ChildJvm jvm) throws IOException {
    Path dir = layout.serviceDir(NAME);
    int port = FreePorts.allocate();
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, properties(port, layout.persistent(), dir.resolve("data")), StandardCharsets.UTF_8);
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, Logback.config("org.gaul.shaded"), StandardCharsets.UTF_8);
    LOG.info("starting s3proxy [port: {}, store: {}]", port, layout.persistent() ? dir.resolve("data") : "memory");
    ChildProcess child = launcher.start(NAME, jvm.command("s3proxy", List.of("-Dlogback.configurationFile=" + logback),
        "org.gaul.s3proxy.Main", List.of("--properties", properties.toString())), true);
    try {
      StartupWait.until(child, NAME, () -> StartupWait.httpAnswers(port));
    } catch (IOException e) {
      child.stop(STOP_GRACE);
      throw e;
    }
    return new LocalS3(child, port);
  }

  private static String properties(int port, boolean persistent, Path dataDir) throws IOException {
    StringBuilder text = new StringBuilder()
        .append("s3proxy.endpoint=http://127.0.0.1:").append(port).append('\n')
        .append("s3proxy.authorization=aws-v2-or-v4\n")
        .append("s3proxy.identity=").append(ACCESS_KEY).append('\n')
        .append("s3proxy.credential=").append(SECRET_KEY).append('\n')
        .append("jclouds.identity=").append(ACCESS_KEY).append('\n')
        .append("jclouds.credential=").append(SECRET_KEY).append('\n');
    if (persistent) {
      Files.createDirectories(dataDir);
      text.append("jclouds.provider=filesystem\n").append("jclouds.filesystem.basedir=").append(dataDir).append('\n');
    } else {
      text.append("jclouds.provider=transient\n");
    }
    return text.toString();
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public String accessKey() {
    return ACCESS_KEY;
  }

  @Override
  public String secretKey() {
    return SECRET_KEY;
  }

  @Override
  public String region() {
    return REGION;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void stop() {
    child.stop(STOP_GRACE);
  }
}
