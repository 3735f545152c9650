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
 * An SQS endpoint served by ElasticMQ from the classpath of {@code devstack-runtime/elasticmq},
 * with queues in memory only (also in dev mode).
 */
final class LocalSqs implements SqsServer, LocalService {

  static final String NAME = "sqs";
  private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

  private final ChildProcess child;
  private final int port;

  private LocalSqs(ChildProcess child, int port) {
    this.child = child;
    this.port = port;
  }

  /**
   * Starts ElasticMQ and returns once it answers HTTP.
   *
   * @throws IOException when it cannot start; whatever was started is stopped again
   */
  static LocalSqs start(StateLayout layout, ProcessLauncher launcher, ChildJvm jvm) throws IOException {
    Path dir = layout.serviceDir(NAME);
    int port = FreePorts.allocate();
    Path config = dir.resolve("elasticmq.conf");
    Files.writeString(config, config(port), StandardCharsets.UTF_8);
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, Logback.config("org.apache.pekko"), StandardCharsets.UTF_8);
    LOG.info("starting elasticmq [port: {}]", port);
    ChildProcess child = launcher.start(NAME, jvm.command("elasticmq",
        List.of("-Dconfig.file=" + config, "-Dlogback.configurationFile=" + logback),
        "org.elasticmq.server.Main", List.of()), true);
    try {
      StartupWait.until(child, NAME, () -> StartupWait.httpAnswers(port));
    } catch (IOException e) {
      child.stop(STOP_GRACE);
      throw e;
    }
    return new LocalSqs(child, port);
  }

  private static String config(int port) {
    return String.join("\n",
        "include classpath(\"application.conf\")",
        "node-address { protocol = http, host = \"127.0.0.1\", port = " + port + ", context-path = \"\" }",
        "rest-sqs { enabled = true, bind-port = " + port + ", bind-hostname = \"127.0.0.1\", sqs-limits = strict }",
        "rest-stats { enabled = false }",
        "generate-node-address = false",
        "aws { region = " + LocalS3.REGION + ", accountId = 000000000000 }",
        "");
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public String accessKey() {
    return LocalS3.ACCESS_KEY;
  }

  @Override
  public String secretKey() {
    return LocalS3.SECRET_KEY;
  }

  @Override
  public String region() {
    return LocalS3.REGION;
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
