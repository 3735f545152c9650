package io.chartline.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The local broker's TLS material for its SASL_SSL listener: a self-signed certificate for
 * {@code 127.0.0.1} and {@code localhost} (so clients verify the host name, as against MSK), made
 * once per state directory with the JDK's {@code keytool}. Clients trust {@link #certificate()}
 * (PEM) or {@link #truststore()} (PKCS12).
 */
final class KafkaTls {

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

  private final Path keystore;
  private final Path truststore;
  private final Path certificate;
  private final String password;

  KafkaTls(Path dir, String password) {
    this.keystore = dir.resolve("broker.p12");
    this.truststore = dir.resolve("truststore.p12");
    this.certificate = dir.resolve("broker.pem");
    this.password = password;
  }

  /** Reuses the material in {@code dir}, or makes it. */
  static KafkaTls ensure(Path dir, ProcessLauncher launcher) throws IOException {
    Files.createDirectories(dir);
    Path passwordFile = dir.resolve("tls.password");
    if (Files.exists(passwordFile)) {
      KafkaTls existing = new KafkaTls(dir, Files.readString(passwordFile, StandardCharsets.UTF_8).trim());
      if (Files.exists(existing.keystore) && Files.exists(existing.truststore) && Files.exists(existing.certificate)) {
        return existing;
      }
    }
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    KafkaTls tls = new KafkaTls(dir, HexFormat.of().formatHex(random));
    for (Path p : List.of(tls.keystore, tls.truststore, tls.certificate)) {
      Files.deleteIfExists(p);
    }
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(launcher, List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "3650",
        "-keystore", tls.keystore.toString(), "-storetype", "PKCS12", "-storepass", tls.password,
        "-keypass", tls.password));
    run(launcher, List.of(keytool, "-exportcert", "-alias", "broker", "-rfc", "-keystore", tls.keystore.toString(),
        "-storepass", tls.password, "-file", tls.certificate.toString()));
    run(launcher, List.of(keytool, "-importcert", "-noprompt", "-alias", "broker", "-file", tls.certificate.toString(),
        "-keystore", tls.truststore.toString(), "-storetype", "PKCS12", "-storepass", tls.password));
    Files.writeString(passwordFile, tls.password, StandardCharsets.UTF_8);
    return tls;
  }

  private static void run(ProcessLauncher launcher, List<String> command) throws IOException {
    launcher.run(LocalKafka.NAME, CommandLine.of(command), "", TOOL_TIMEOUT);
  }

  Path keystore() {
    return keystore;
  }

  Path truststore() {
    return truststore;
  }

  Path certificate() {
    return certificate;
  }

  String password() {
    return password;
  }
}
