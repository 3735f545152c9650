package io.chartline.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL run as {@code postgres -D <data>} (not pg_ctl, which daemonizes) inside a small shell
 * wrapper: the wrapper turns EOF on its stdin, our pipe, into SIGINT (fast shutdown) for the
 * server, so the server stops when this JVM closes the pipe or dies.
 */
final class LocalPostgres implements PostgresServer, LocalService {

  static final String NAME = "postgres";
  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,62}");
  private static final Duration PSQL_TIMEOUT = Duration.ofSeconds(60);
  /** Longest socket directory that leaves room for "/.s.PGSQL.NNNNN.lock" within the 107-byte limit. */
  private static final int MAX_SOCKET_DIR_LENGTH = 80;
  private static final String WRAPPER = String.join("\n",
      "exec 3<&0",
      "\"$@\" </dev/null 3<&- &",
      "pg=$!",
      "(while read -r _; do :; done; kill -INT \"$pg\" 2>/dev/null) <&3 &",
      "watch=$!",
      "exec 3<&-",
      "wait \"$pg\"",
      "rc=$?",
      "kill \"$watch\" 2>/dev/null",
      "exit \"$rc\"");
  private static final String CREATE_DATABASE = String.join("\n",
      "SELECT format('CREATE DATABASE %I', :'db')",
      "  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \\gexec",
      "\\connect :\"db\"",
      "CREATE EXTENSION IF NOT EXISTS vector;",
      "");

  private final PgInstallation installation;
  private final ProcessLauncher launcher;
  private final ChildProcess child;
  private final int port;
  private final String password;
  private final PostgresTls tls;

  private LocalPostgres(PgInstallation installation, ProcessLauncher launcher, ChildProcess child, int port,
      String password, PostgresTls tls) {
    this.installation = installation;
    this.launcher = launcher;
    this.tls = tls;
    this.child = child;
    this.port = port;
    this.password = password;
  }

  /**
   * Prepares the data directory, starts the server and returns once it accepts connections.
   *
   * @throws IOException when any step fails; whatever was started is stopped again
   */
  static LocalPostgres start(StateLayout layout, ProcessLauncher launcher) throws IOException {
    PgInstallation installation = PgInstallation.locate();
    PostgresAccount account = PostgresAccount.detect();
    PostgresCluster cluster = new PostgresCluster(installation, account, launcher, layout);
    String password = cluster.prepare();
    int port = FreePorts.allocate();
    List<String> server = new ArrayList<>(List.of(installation.tool("postgres").toString(),
        "-D", cluster.dataDir().toString(), "-p", Integer.toString(port),
        "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + socketDir(layout, account),
        "-c", "max_connections=200", "-c", "shared_buffers=" + sharedBuffers()));
    PostgresTls tls = PostgresTls.ensure(layout.root().resolve("postgres-tls"), account, launcher);
    server.addAll(tls.serverArguments());
    if (!layout.persistent()) {
      server.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
    }
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", WRAPPER, "devstack-postgres"));
    wrapped.addAll(server);
    LOG.info("starting postgres [port: {}, data: {}]", port, cluster.dataDir());
    ChildProcess child = launcher.start(NAME, CommandLine.of(account.wrap(wrapped)), false);
    LocalPostgres postgres = new LocalPostgres(installation, launcher, child, port, password, tls);
    try {
      StartupWait.until(child, NAME, postgres::acceptsConnections);
    } catch (IOException e) {
      child.stop(STOP_GRACE);
      throw e;
    }
    return postgres;
  }

  /**
   * The buffer cache: HNSW search touches thousands of index pages per query, so the indexes of
   * the tenants being searched should fit. {@code CHARTLINE_PG_SHARED_BUFFERS} (PostgreSQL units,
   * e.g. {@code 256MB}, {@code 2GB}); default 1GB, which holds the HNSW indexes of ~400k 384-dim
   * chunks and is reserved lazily by the server.
   */
  static String sharedBuffers() {
    String v = System.getenv("CHARTLINE_PG_SHARED_BUFFERS");
    if (v == null || v.isBlank()) {
      return "1GB";
    }
    if (!v.strip().matches("[0-9]{1,7}(kB|MB|GB)")) {
      throw new IllegalArgumentException("CHARTLINE_PG_SHARED_BUFFERS must be a size such as 256MB or 2GB");
    }
    return v.strip();
  }

  /** A short socket directory private to the server, or "" (TCP only) when the path is too long. */
  private static String socketDir(StateLayout layout, PostgresAccount account) throws IOException {
    Path dir = layout.run().resolve("pg");
    if (dir.toString().length() > MAX_SOCKET_DIR_LENGTH) {
      LOG.info("state path too long for a unix socket, postgres listens on tcp only [dir: {}]", dir);
      return "";
    }
    account.ownPrivateDir(dir);
    return dir.toString();
  }

  private boolean acceptsConnections() throws IOException {
    Process probe = new ProcessBuilder(installation.tool("pg_isready").toString(),
        "-h", host(), "-p", Integer.toString(port), "-t", "2")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      return probe.waitFor(5, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      probe.destroyForcibly();
      return false;
    }
  }

  @Override
  public synchronized String createDatabase(String name) throws IOException {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
    }
    List<String> psql = List.of(installation.tool("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-v", "db=" + name, "-h", host(), "-p", Integer.toString(port), "-U", superuser(), "-d", "postgres");
    launcher.run(NAME, new CommandLine(psql, Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "10")),
        CREATE_DATABASE, PSQL_TIMEOUT);
    LOG.debug("database ready [name: {}]", name);
    return name;
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String superuser() {
    return "postgres";
  }

  @Override
  public String superuserPassword() {
    return password;
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
