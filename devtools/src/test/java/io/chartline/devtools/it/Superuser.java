package io.chartline.devtools.it;

import io.chartline.pg.DbSettings;
import io.chartline.pg.PgPools;
import io.chartline.devstack.PostgresServer;
import io.chartline.devstack.TestStack;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * A pool on a test database as the cluster's superuser, for assertions that read across tenants
 * (audit rows of every tenant) or tamper with rows as an attacker with database access would. No
 * node ever holds these credentials, nor the schema owner's.
 */
final class Superuser {

  private Superuser() {
  }

  static Pool pool(Vertx vertx, DbSettings db) {
    PostgresServer pg = TestStack.get().postgres();
    return PgPools.create(vertx, db, new DbSettings.Credentials(pg.superuser(), pg.superuserPassword()), 1);
  }
}
