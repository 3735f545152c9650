package io.chartline.devtools.it;

import io.chartline.devstack.DevStack;
import io.chartline.devstack.TestStack;
import io.chartline.devtools.DevEnvironment;
import io.chartline.jwt.DevKeys;
import io.chartline.jwt.KeySource;
import io.chartline.launcher.AppConfig;
import io.chartline.launcher.Node;
import io.chartline.launcher.Role;
import io.chartline.launcher.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Chartline node on the JVM's shared {@link TestStack}, isolated from other tests by its own
 * database, topic prefix, consumer groups and key set.
 */
public final class TestNode implements AutoCloseable {

  private final Node node;
  private final DevKeys keys;
  private final AppConfig config;
  private final Settings settings;

  private TestNode(Node node, DevKeys keys, AppConfig config, Settings settings) {
    this.node = node;
    this.keys = keys;
    this.config = config;
    this.settings = settings;
  }

  /** Prepared settings for a fresh, isolated environment (database and topic prefix). */
  public static Settings isolatedSettings(String name, Map<String, String> overrides) throws Exception {
    String unique = name + "_" + UUID.randomUUID().toString().substring(0, 8);
    return settings(unique, unique.toLowerCase(), overrides);
  }

  /** Prepared settings for {@code database}, with a fresh topic prefix, bucket and key set named {@code unique}. */
  public static Settings settings(String unique, String database, Map<String, String> overrides) throws Exception {
    DevStack stack = TestStack.get();
    Path work = Files.createTempDirectory("chartline-it-");
    Map<String, String> m = new HashMap<>();
    m.put("CHARTLINE_AUTH_ISSUER", DevKeys.ISSUER);
    m.put("CHARTLINE_AUTH_AUDIENCE", DevKeys.AUDIENCE);
    m.put("CHARTLINE_HTTP_HOST", "127.0.0.1");
    m.put("CHARTLINE_HTTP_PORT", "0");
    m.put("CHARTLINE_API_INSTANCES", "1");
    m.put("CHARTLINE_KAFKA_TOPIC_PREFIX", unique + ".");
    m.put("CHARTLINE_KAFKA_PARTITIONS", "2");
    m.put("CHARTLINE_S3_BUCKET", unique.replace('_', '-').toLowerCase());
    m.put("CHARTLINE_WORK_DIR", work.toString());
    m.put("CHARTLINE_CRYPTO_MASTER_KEY_FILE", work.resolve("keys/master.key").toString());
    m.put("CHARTLINE_RECORD_KEY_FILE", work.resolve("keys/records.key").toString());
    m.putAll(overrides);
    return DevEnvironment.prepare(stack, database, new Settings(m));
  }

  public static TestNode start(String name) throws Exception {
    return start(isolatedSettings(name, Map.of()), Set.of(Role.values()), DevKeys.generate());
  }

  public static TestNode start(Settings settings, Set<Role> roles, DevKeys keys) throws Exception {
    AppConfig config = AppConfig.from(settings, roles);
    Node node = Node.start(config, KeySource.Factory.fixed(keys.keySet()), Clock.systemUTC()).toCompletionStage().toCompletableFuture()
        .get(3, TimeUnit.MINUTES);
    return new TestNode(node, keys, config, settings);
  }

  public Node node() {
    return node;
  }

  public DevKeys keys() {
    return keys;
  }

  public AppConfig config() {
    return config;
  }

  public Settings settings() {
    return settings;
  }

  public int port() {
    return node.apiPort();
  }

  public String token(String tenant, String... roles) {
    return keys.token(tenant, "it-user", List.of(roles), 3600, Clock.systemUTC());
  }

  @Override
  public void close() throws Exception {
    node.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
