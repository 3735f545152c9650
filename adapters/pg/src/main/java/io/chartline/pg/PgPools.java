package io.chartline.pg;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Creates connection pools for one of the configured roles. */
public final class PgPools {

  private PgPools() {
  }

  public static Pool create(Vertx vertx, DbSettings s, DbSettings.Credentials who, int size) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(s.host())
        .setPort(s.port())
        .setDatabase(s.database())
        .setUser(who.user())
        .setPassword(who.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(16)
        .setSslMode(s.ssl() ? SslMode.REQUIRE : SslMode.DISABLE);
    // shared by name across verticle instances: the name says which server, database and role, so
    // two pools that differ in any of them never hand out each other's connections
    PoolOptions pool = new PoolOptions().setMaxSize(size)
        .setName("pg-" + who.user() + "@" + s.host() + ":" + s.port() + "/" + s.database()).setShared(true)
        .setMaxWaitQueueSize(1024);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
