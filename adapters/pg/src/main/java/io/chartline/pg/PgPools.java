package io.chartline.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import java.util.function.Supplier;

/**
 * Creates connection pools for one of the configured roles: TLS as {@link DbTlsSettings} says (with the
 * host name checked in {@code verify-full}), and with RDS IAM authentication a fresh token for new
 * connections in place of a password ({@link RdsTokens}).
 */
public final class PgPools {

  private PgPools() {
  }

  public static Pool create(Vertx vertx, DbSettings s, DbSettings.Credentials who, int size) {
    PgConnectOptions connect = options(s, who);
    // shared by name across verticle instances: the name says which server, database and role, so
    // two pools that differ in any of them never hand out each other's connections
    PoolOptions pool = new PoolOptions().setMaxSize(size)
        .setName("pg-" + who.user() + "@" + s.host() + ":" + s.port() + "/" + s.database()).setShared(true)
        .setMaxWaitQueueSize(1024);
    if (s.auth().method() == DbAuthSettings.Method.IAM) {
      RdsTokens tokens = RdsTokens.create(s.auth().region());
      Supplier<Future<SqlConnectOptions>> fresh = () -> vertx.executeBlocking(
          () -> new PgConnectOptions(connect).setPassword(tokens.token(s.host(), s.port(), who.user())), false);
      return PgBuilder.pool().with(pool).connectingTo(fresh).using(vertx).build();
    }
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }

  /** The connect options of {@code who} on {@code s}, TLS included (the password as configured). */
  static PgConnectOptions options(DbSettings s, DbSettings.Credentials who) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(s.host())
        .setPort(s.port())
        .setDatabase(s.database())
        .setUser(who.user())
        .setPassword(who.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(16)
        .setSslMode(switch (s.tls().mode()) {
          case DISABLE -> SslMode.DISABLE;
          case REQUIRE -> SslMode.REQUIRE;
          case VERIFY_CA -> SslMode.VERIFY_CA;
          case VERIFY_FULL -> SslMode.VERIFY_FULL;
        });
    if (s.tls().mode().verifies()) {
      ClientSSLOptions ssl = new ClientSSLOptions()
          .setTrustOptions(new PemTrustOptions().addCertPath(s.tls().rootCert().toString()));
      if (s.tls().mode() == DbTlsSettings.Mode.VERIFY_FULL) {
        ssl.setHostnameVerificationAlgorithm("HTTPS");
      }
      connect.setSslOptions(ssl);
    } else if (s.tls().mode() == DbTlsSettings.Mode.REQUIRE) {
      connect.setSslOptions(new ClientSSLOptions().setTrustAll(true));
    }
    return connect;
  }
}
