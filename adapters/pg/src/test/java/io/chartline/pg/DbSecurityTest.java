package io.chartline.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsUtilities;

/** TLS modes and RDS IAM authentication of the node's database connections. */
class DbSecurityTest {

  @TempDir
  Path dir;

  static DbSettings settings(DbTlsSettings tls, DbAuthSettings auth) {
    return new DbSettings("db.cluster-x.eu-west-1.rds.amazonaws.com", 5432, "chartline", "chartline_owner",
        new DbSettings.Credentials("chartline_app", "pw"), new DbSettings.Credentials("chartline_audit", "pw2"), 4,
        384, tls, auth);
  }

  @Test
  void verifyFullTrustsTheBundleAndChecksTheHostName() throws Exception {
    Path bundle = Files.writeString(dir.resolve("rds-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    PgConnectOptions o = PgPools.options(settings(new DbTlsSettings(DbTlsSettings.Mode.VERIFY_FULL, bundle),
        DbAuthSettings.password()),
        new DbSettings.Credentials("chartline_app", "pw"));

    assertThat(o.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(o.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(((PemTrustOptions) o.getSslOptions().getTrustOptions()).getCertPaths())
        .containsExactly(bundle.toString());
    PgConnectOptions ca = PgPools.options(settings(new DbTlsSettings(DbTlsSettings.Mode.VERIFY_CA, bundle), DbAuthSettings.password()),
        new DbSettings.Credentials("chartline_app", "pw"));
    assertThat(ca.getSslMode()).isEqualTo(SslMode.VERIFY_CA);
    assertThat(ca.getSslOptions().getHostnameVerificationAlgorithm()).isNullOrEmpty();
    assertThat(PgPools.options(settings(DbTlsSettings.disabled(), DbAuthSettings.password()),
        new DbSettings.Credentials("chartline_app", "pw")).getSslMode()).isEqualTo(SslMode.DISABLE);
  }

  @Test
  void theModesAreLibpqsAndAVerifyingModeNeedsItsBundle() {
    assertThat(DbTlsSettings.Mode.parse("verify-full")).isEqualTo(DbTlsSettings.Mode.VERIFY_FULL);
    assertThat(DbTlsSettings.Mode.parse(" Require ")).isEqualTo(DbTlsSettings.Mode.REQUIRE);
    assertThatThrownBy(() -> DbTlsSettings.Mode.parse("prefer")).hasMessageContaining("CHARTLINE_DB_SSL_MODE");
    assertThatThrownBy(() -> new DbTlsSettings(DbTlsSettings.Mode.VERIFY_FULL, null))
        .hasMessageContaining("CHARTLINE_DB_SSL_ROOT_CERT");
    assertThatThrownBy(() -> new DbTlsSettings(DbTlsSettings.Mode.VERIFY_CA, dir.resolve("absent.pem")))
        .hasMessageContaining("CHARTLINE_DB_SSL_ROOT_CERT");
  }

  @Test
  void iamAuthenticationNeedsTlsAndARegion() {
    assertThatThrownBy(() -> settings(DbTlsSettings.disabled(), new DbAuthSettings(DbAuthSettings.Method.IAM, "eu-west-1")))
        .hasMessageContaining("CHARTLINE_DB_SSL_MODE");
    assertThatThrownBy(() -> new DbAuthSettings(DbAuthSettings.Method.IAM, " ")).hasMessageContaining("CHARTLINE_DB_IAM_REGION");
  }

  @Test
  void aTokenIsReusedForTenMinutesThenMadeAgain() {
    AtomicInteger signed = new AtomicInteger();
    Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    RdsTokens tokens = RdsTokens.with(who -> who + "#" + signed.incrementAndGet(), clock);

    assertThat(tokens.token("h", 5432, "chartline_app")).isEqualTo("chartline_app@h:5432#1");
    now[0] = now[0].plus(Duration.ofMinutes(9));
    assertThat(tokens.token("h", 5432, "chartline_app")).isEqualTo("chartline_app@h:5432#1");
    assertThat(tokens.token("h", 5432, "chartline_audit")).as("per role").isEqualTo("chartline_audit@h:5432#2");
    now[0] = now[0].plus(Duration.ofMinutes(2));
    assertThat(tokens.token("h", 5432, "chartline_app")).as("made again before the 15 minutes run out")
        .isEqualTo("chartline_app@h:5432#3");
  }

  /** What the SDK signs is the RDS connect action for the host, port and user, valid 15 minutes. */
  @Test
  void theSdkTokenIsAPresignedConnectRequestForTheHostPortAndUser() {
    RdsUtilities rds = RdsUtilities.builder().region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .build();
    String token = rds.generateAuthenticationToken(b -> b.hostname("db.example").port(5432).username("chartline_app"));
    assertThat(token).startsWith("db.example:5432/?").contains("Action=connect").contains("DBUser=chartline_app")
        .contains("X-Amz-Expires=900").contains("X-Amz-Signature=");
  }
}
