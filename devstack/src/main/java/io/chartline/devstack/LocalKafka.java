package io.chartline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (broker and controller in one JVM) run from the classpath of
 * {@code devstack-runtime/kafka}. Storage is formatted once ({@code StorageTool format --standalone});
 * later starts on a persistent state directory reuse it with new ports.
 */
final class LocalKafka implements KafkaServer, LocalService {

  static final String NAME = "kafka";
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
  private static final String STARTED = "Kafka Server started";
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);

  private final ChildProcess child;
  private final int port;
  private final int securePort;
  private final KafkaTls tls;

  private LocalKafka(ChildProcess child, int port, int securePort, KafkaTls tls) {
    this.child = child;
    this.port = port;
    this.securePort = securePort;
    this.tls = tls;
  }

  /**
   * Writes the broker configuration, formats storage if needed, starts the broker and returns once
   * it logged that it started and accepts connections.
   *
   * @throws IOException when any step fails; whatever was started is stopped again
   */
  static LocalKafka start(StateLayout layout, ProcessLauncher launcher, ChildJvm jvm) throws IOException {
    Path dir = layout.serviceDir(NAME);
    Path data = dir.resolve("data");
    int port = FreePorts.allocate();
    int controllerPort = FreePorts.allocate();
    int securePort = FreePorts.allocate();
    KafkaTls tls = KafkaTls.ensure(dir.resolve("tls"), launcher);
    Path properties = dir.resolve("server.properties");
    Files.writeString(properties, KafkaConfig.server(port, controllerPort, securePort, tls, data),
        StandardCharsets.UTF_8);
    Path log4j = dir.resolve("log4j2.properties");
    Files.writeString(log4j, KafkaConfig.log4j(), StandardCharsets.UTF_8);
    List<String> systemProperties = List.of("-Dlog4j2.configurationFile=" + log4j);
    if (!Files.exists(data.resolve("meta.properties"))) {
      LOG.info("formatting kafka storage [dir: {}]", data);
      launcher.run(NAME, jvm.command(NAME, systemProperties, "kafka.tools.StorageTool",
          List.of("format", "--standalone", "-t", newClusterId(), "-c", properties.toString())), null, FORMAT_TIMEOUT);
    }
    LOG.info("starting kafka [port: {}, controller port: {}, data: {}]", port, controllerPort, data);
    ChildProcess child = launcher.start(NAME,
        jvm.command(NAME, systemProperties, "kafka.Kafka", List.of(properties.toString())), true);
    try {
      StartupWait.until(child, NAME,
          () -> LogTail.contains(child.log(), child.logOffset(), STARTED) && StartupWait.tcpOpen(port)
              && StartupWait.tcpOpen(securePort));
    } catch (IOException e) {
      child.stop(STOP_GRACE);
      throw e;
    }
    return new LocalKafka(child, port, securePort, tls);
  }

  /** A cluster id as Kafka's own Uuid prints it: 16 random bytes, URL-safe base64 without padding. */
  static String newClusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-")); // a leading dash reads as an option on Kafka's command line
    return id;
  }

  @Override
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String secureBootstrapServers() {
    return "127.0.0.1:" + securePort;
  }

  @Override
  public Path certificate() {
    return tls.certificate();
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
