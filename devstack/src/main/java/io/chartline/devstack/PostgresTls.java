package io.chartline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * TLS for the local PostgreSQL, as RDS has it: a self-signed certificate for {@code 127.0.0.1} and
 * {@code localhost}, made once per state directory with {@code openssl}, so clients can connect
 * with {@code verify-full} against {@link #certificate()}. The server also gets its own
 * {@code pg_hba.conf}: the initdb defaults (local trust, TCP with scram-sha-256) plus one database,
 * {@link PostgresServer#TLS_ONLY_DATABASE}, that refuses every connection without TLS, as an RDS
 * instance with {@code rds.force_ssl=1} does.
 */
final class PostgresTls {

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;

  private PostgresTls(Path dir) {
    this.dir = dir;
  }

  /** Reuses or makes the certificate, key and host-based authentication file in {@code dir}. */
  static PostgresTls ensure(Path dir, PostgresAccount account, ProcessLauncher launcher) throws IOException {
    account.ownPrivateDir(dir);
    PostgresTls tls = new PostgresTls(dir);
    if (!Files.exists(tls.certificate()) || !Files.exists(tls.key())) {
      Files.deleteIfExists(tls.certificate());
      Files.deleteIfExists(tls.key());
      run(launcher, List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-keyout", tls.key().toString(), "-out", tls.certificate().toString(), "-days", "3650",
          "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
    }
    Files.setPosixFilePermissions(tls.key(), PosixFilePermissions.fromString("rw-------"));
    account.own(tls.key());
    account.own(tls.certificate());
    Files.writeString(tls.hba(), String.join("\n",
        "local all all trust",
        "hostnossl " + PostgresServer.TLS_ONLY_DATABASE + " all 0.0.0.0/0 reject",
        "hostnossl " + PostgresServer.TLS_ONLY_DATABASE + " all ::/0 reject",
        "host all all 127.0.0.1/32 scram-sha-256",
        "host all all ::1/128 scram-sha-256",
        ""), StandardCharsets.UTF_8);
    account.own(tls.hba());
    return tls;
  }

  /** @return the server arguments that turn TLS on with this material */
  List<String> serverArguments() {
    return List.of("-c", "ssl=on", "-c", "ssl_cert_file=" + certificate(), "-c", "ssl_key_file=" + key(),
        "-c", "hba_file=" + hba());
  }

  Path certificate() {
    return dir.resolve("server.crt");
  }

  private Path key() {
    return dir.resolve("server.key");
  }

  private Path hba() {
    return dir.resolve("pg_hba.conf");
  }

  private static void run(ProcessLauncher launcher, List<String> command) throws IOException {
    try {
      launcher.run(LocalPostgres.NAME, CommandLine.of(command), "", TOOL_TIMEOUT);
    } catch (IOException e) {
      throw new IOException("making the local PostgreSQL's certificate needs openssl (install the openssl package): "
          + e.getMessage(), e);
    }
  }
}
