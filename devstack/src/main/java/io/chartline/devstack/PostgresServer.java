package io.chartline.devstack;

import java.io.IOException;

/** A running local PostgreSQL server with pgvector, listening on 127.0.0.1 only, with TLS. */
public interface PostgresServer {

  /** Always {@code 127.0.0.1}. */
  String host();

  /** TCP port chosen when the server started; it changes on every start. */
  int port();

  /** The superuser role, {@code postgres}. */
  String superuser();

  /**
   * Password of {@link #superuser()} over TCP (scram-sha-256). It is generated per state directory;
   * callers must be prepared for an empty string, which means trust authentication.
   */
  String superuserPassword();

  /**
   * Creates the database if it does not exist yet and installs the {@code vector} extension in it.
   * Idempotent, so a persistent dev stack can call it on every start.
   *
   * @param name database name: letters, digits, {@code _} or {@code -}, at most 63 characters
   * @return {@code name}, once the database exists with the extension
   * @throws IOException when {@code psql} fails; the message carries its output
   * @throws IllegalArgumentException when the name is not acceptable
   */
  String createDatabase(String name) throws IOException;

  /**
   * A database the server accepts only TLS connections to (as RDS with {@code rds.force_ssl=1});
   * every other database takes both.
   */
  String TLS_ONLY_DATABASE = "chartline_tls_only";

  /** The server's certificate (PEM, for 127.0.0.1 and localhost): the CA bundle for {@code verify-full}. */
  java.nio.file.Path certificate();
}
