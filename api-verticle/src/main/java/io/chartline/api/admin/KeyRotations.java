package io.chartline.api.admin;

import io.chartline.common.audit.AuditSink;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.crypto.TenantKeyStore;
import io.chartline.common.db.TenantTx;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key rotation for one tenant: a new key version becomes active at once (new data is sealed under
 * it), and a resumable job re-seals every stored chunk that is not yet under it (including chunks
 * stored in clear by a node that ran without encryption). Reads keep working throughout, because
 * opening accepts every version that is not destroyed. The job holds a lease so one node works on
 * it at a time; any node resumes it after a crash ({@link #resumeAll}). When no chunk is left
 * under an older version — checked again after the nodes' key caches have expired — the older
 * versions are retired and the job completes. Start, completion and failure are audited.
 */
public final class KeyRotations {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRotations.class);
  private static final int BATCH = 200;
  private static final Duration LEASE = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final Pool pool;
  private final TenantCrypto crypto;
  private final KeyBackend backend;
  private final AuditSink audit;
  private final Clock clock;
  private final Duration settle;
  private final JobLease lease;

  /** A re-encryption job as recorded in {@code key_rotations}. */
  public record Job(UUID id, TenantId tenant, int fromVersion, int toVersion, String state, long totalChunks,
      long doneChunks, Instant startedAt, Instant updatedAt, Instant finishedAt, String errorCode) {
  }

  /**
   * @param settle how long to wait, once nothing is left to re-seal, before checking again and
   *     retiring the old versions: at least the nodes' key cache period
   */
  public KeyRotations(Vertx vertx, Pool pool, TenantCrypto crypto, KeyBackend backend, AuditSink audit,
      Clock clock, Duration settle) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settle = Objects.requireNonNull(settle, "settle");
    this.lease = new JobLease(pool, "key_rotations", List.of("running"), LEASE);
  }

  /**
   * Creates the next key version, makes it active and starts re-sealing.
   *
   * @return the job; fails with {@code CONFLICT} while another rotation of the tenant runs
   */
  public Future<Job> start(TenantId tenant, String requestedBy) {
    return crypto.activeVersion(tenant).compose(active -> {
      int next = active + 1;
      return vertx.executeBlocking(() -> backend.create(tenant, next), false)
          .compose(nk -> TenantTx.run(pool, tenant, conn -> TenantKeyStore.rotateTo(conn,
                  new TenantKeyRow(tenant, next, backend.provider(), nk.keyRef(), nk.wrappedKey(),
                      TenantKeyRow.State.ACTIVE))
              .compose(rotated -> !rotated
                  ? Future.<Void>failedFuture(conflict(tenant, "the tenant key changed meanwhile; try again"))
                  : Future.<Void>succeededFuture())
              .compose(v -> conn.preparedQuery("INSERT INTO key_rotations (job_id, tenant_id, from_version, "
                      + "to_version, state, total_chunks, requested_by) SELECT $1, $2, $3, $4, 'running', count(*), $5 "
                      + "FROM chunks WHERE tenant_id = $2 AND key_version IS DISTINCT FROM $4 RETURNING *")
                  .execute(Tuple.of(UUID.randomUUID(), tenant.value(), active, next, requestedBy)))
              .map(rs -> job(tenant, rs.iterator().next()))))
          .recover(t -> Future.failedFuture(t instanceof PgException pg && "23505".equals(pg.getSqlState())
              ? conflict(tenant, "a key rotation is already running for this tenant") : t));
    }).onSuccess(job -> {
      crypto.evict(tenant);
      LOG.info("key rotation started [tenant: {}, job: {}, from: {}, to: {}, chunks: {}]", tenant, job.id(),
          job.fromVersion(), job.toVersion(), job.totalChunks());
      run(job.tenant(), job.id());
    });
  }

  /** @return the job, or empty when the tenant has no such job */
  public Future<Optional<Job>> find(TenantId tenant, UUID jobId) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT * FROM key_rotations WHERE tenant_id = $1 AND job_id = $2")
        .execute(Tuple.of(tenant.value(), jobId)))
        .map(rs -> rs.size() == 0 ? Optional.empty() : Optional.of(job(tenant, rs.iterator().next())));
  }

  /** Picks up every running job (after a restart); a job leased by a live node is left to it. */
  public Future<Integer> resumeAll() {
    return pool.query("SELECT job_id, tenant_id FROM running_key_rotations()").execute().map(rs -> {
      for (Row r : rs) {
        run(TenantId.of(r.getString("tenant_id")), r.getUUID("job_id"));
      }
      return rs.size();
    });
  }

  /**
   * Gives up the leases this node holds (on shutdown), so another node can resume the jobs at
   * once instead of after the lease expires.
   */
  public Future<Void> releaseLeases() {
    return lease.releaseAll();
  }

  private void run(TenantId tenant, UUID jobId) {
    step(tenant, jobId, false).onSuccess(v -> lease.forget(jobId)).onFailure(t -> {
      ChartlineException e = ChartlineException.wrap(t, tenant);
      if (e.permanent()) {
        fail(tenant, jobId, e.code());
      } else {
        LOG.warn("key rotation paused [tenant: {}, job: {}, error: {}]; retrying", tenant, jobId, e.code());
        vertx.setTimer(5_000, id -> run(tenant, jobId));
      }
    });
  }

  /** Runs batches until done; each batch renews the lease. */
  private Future<Void> step(TenantId tenant, UUID jobId, boolean settled) {
    return claim(tenant, jobId).compose(job -> {
      if (job.isEmpty()) {
        return Future.<Void>succeededFuture(); // finished, or another node holds the lease
      }
      Job j = job.get(); // blocking-ok: Optional.get after isEmpty()
      return batch(tenant, j.toVersion()).compose(rows -> {
        if (!rows.isEmpty()) {
          return reseal(tenant, j, rows).compose(n -> step(tenant, jobId, false));
        }
        return resealTitles(tenant, j.toVersion()).compose(titles -> titles > 0 ? step(tenant, jobId, false)
            : settleOrComplete(tenant, j, settled));
      });
    });
  }

  private Future<Void> settleOrComplete(TenantId tenant, Job j, boolean settled) {
    if (settled) {
      return complete(tenant, j);
    }
    // A node whose key cache predates the rotation may still seal under the old version.
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(Math.max(1, settle.toMillis()), id -> waited.complete());
    return waited.future().compose(v -> step(tenant, j.id(), true));
  }

  private record StoredTitle(UUID documentId, String title, SealedText sealed, OffsetDateTime updatedAt) {
  }

  /** Re-seals a batch of document titles not yet under {@code toVersion}; returns how many it found. */
  private Future<Integer> resealTitles(TenantId tenant, int toVersion) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT document_id, title, title_cipher, title_key_version, updated_at FROM documents "
                + "WHERE tenant_id = $1 AND ((title_cipher IS NOT NULL AND title_key_version <> $2) "
                + "OR (title IS NOT NULL AND title_cipher IS NULL)) LIMIT $3")
        .execute(Tuple.of(tenant.value(), toVersion, BATCH)))
        .compose(rs -> {
          List<Future<Object[]>> sealed = new ArrayList<>();
          for (Row r : rs) {
            Buffer cipher = r.getBuffer("title_cipher");
            StoredTitle t = new StoredTitle(r.getUUID("document_id"), r.getString("title"),
                cipher == null ? null : new SealedText(r.getInteger("title_key_version"), cipher.getBytes()),
                r.getOffsetDateTime("updated_at"));
            Future<String> clear = t.sealed() == null ? Future.succeededFuture(t.title())
                : crypto.open(tenant, List.of(new TenantCrypto.Envelope(t.documentId(), t.sealed()))).map(l -> l.get(0));
            sealed.add(clear.compose(c -> crypto.seal(tenant, t.documentId(), List.of(c)))
                .map(l -> new Object[] {t, l.get(0)}));
          }
          if (sealed.isEmpty()) {
            return Future.succeededFuture(0);
          }
          return Future.all(sealed).compose(all -> {
            int n = sealed.size();
            UUID[] docs = new UUID[n];
            Buffer[] cipher = new Buffer[n];
            Integer[] versions = new Integer[n];
            OffsetDateTime[] seen = new OffsetDateTime[n];
            for (int i = 0; i < n; i++) {
              Object[] u = all.resultAt(i);
              docs[i] = ((StoredTitle) u[0]).documentId();
              seen[i] = ((StoredTitle) u[0]).updatedAt();
              cipher[i] = Buffer.buffer(((SealedText) u[1]).message());
              versions[i] = ((SealedText) u[1]).keyVersion();
            }
            return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
                    "UPDATE documents d SET title = NULL, title_cipher = u.cipher, title_key_version = u.kv "
                        + "FROM unnest($2::uuid[], $3::bytea[], $4::int[], $5::timestamptz[]) AS u(doc, cipher, kv, seen) "
                        + "WHERE d.tenant_id = $1 AND d.document_id = u.doc AND d.updated_at = u.seen")
                .execute(Tuple.tuple().addString(tenant.value()).addArrayOfUUID(docs).addArrayOfBuffer(cipher)
                    .addArrayOfInteger(versions).addArrayOfOffsetDateTime(seen)))
                .map(x -> n);
          });
        });
  }

  private Future<Optional<Job>> claim(TenantId tenant, UUID jobId) {
    return lease.claim(tenant, jobId).map(row -> row.map(r -> job(tenant, r)));
  }

  private record Stored(UUID documentId, int chunkIndex, String content, SealedText sealed, OffsetDateTime updatedAt) {
  }

  private Future<List<Stored>> batch(TenantId tenant, int toVersion) {
    return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
            "SELECT document_id, chunk_index, content, content_cipher, key_version, updated_at FROM chunks "
                + "WHERE tenant_id = $1 AND key_version IS DISTINCT FROM $2 ORDER BY document_id, chunk_index LIMIT $3")
        .execute(Tuple.of(tenant.value(), toVersion, BATCH)))
        .map(rs -> {
          List<Stored> out = new ArrayList<>(rs.size());
          for (Row r : rs) {
            Buffer cipher = r.getBuffer("content_cipher");
            out.add(new Stored(r.getUUID("document_id"), r.getInteger("chunk_index"), r.getString("content"),
                cipher == null ? null : new SealedText(r.getInteger("key_version"), cipher.getBytes()),
                r.getOffsetDateTime("updated_at")));
          }
          return out;
        });
  }

  /** Opens and re-seals a batch document by document (one data key each), then writes it back. */
  private Future<Integer> reseal(TenantId tenant, Job job, List<Stored> rows) {
    Map<UUID, List<Stored>> byDocument = new LinkedHashMap<>();
    for (Stored s : rows) {
      byDocument.computeIfAbsent(s.documentId(), d -> new ArrayList<>()).add(s);
    }
    List<Future<List<Object[]>>> perDocument = new ArrayList<>();
    for (Map.Entry<UUID, List<Stored>> e : byDocument.entrySet()) {
      perDocument.add(texts(tenant, e.getKey(), e.getValue())
          .compose(texts -> crypto.seal(tenant, e.getKey(), texts))
          .map(sealed -> {
            List<Object[]> updates = new ArrayList<>();
            for (int i = 0; i < sealed.size(); i++) {
              updates.add(new Object[] {e.getValue().get(i), sealed.get(i)});
            }
            return updates;
          }));
    }
    return Future.all(perDocument).compose(all -> {
      int n = rows.size();
      UUID[] docs = new UUID[n];
      Integer[] idx = new Integer[n];
      Buffer[] cipher = new Buffer[n];
      Integer[] versions = new Integer[n];
      OffsetDateTime[] seen = new OffsetDateTime[n];
      int i = 0;
      for (int d = 0; d < all.size(); d++) {
        for (Object[] u : all.<List<Object[]>>resultAt(d)) {
          Stored s = (Stored) u[0];
          SealedText sealed = (SealedText) u[1];
          docs[i] = s.documentId();
          idx[i] = s.chunkIndex();
          cipher[i] = Buffer.buffer(sealed.message());
          versions[i] = sealed.keyVersion();
          seen[i] = s.updatedAt();
          i++;
        }
      }
      return TenantTx.run(pool, tenant, conn -> conn.preparedQuery(
              // a chunk rewritten meanwhile (re-indexed) is left alone: the next batch sees it again
              "UPDATE chunks c SET content = NULL, content_cipher = u.cipher, key_version = u.kv "
                  + "FROM unnest($2::uuid[], $3::int[], $4::bytea[], $5::int[], $6::timestamptz[]) "
                  + "AS u(doc, idx, cipher, kv, seen) "
                  + "WHERE c.tenant_id = $1 AND c.document_id = u.doc AND c.chunk_index = u.idx "
                  + "AND c.updated_at = u.seen")
          .execute(Tuple.tuple().addString(tenant.value()).addArrayOfUUID(docs).addArrayOfInteger(idx)
              .addArrayOfBuffer(cipher).addArrayOfInteger(versions).addArrayOfOffsetDateTime(seen))
          .compose((RowSet<Row> rs) -> conn.preparedQuery("UPDATE key_rotations SET done_chunks = "
                  + "least(total_chunks, done_chunks + $3), updated_at = now() WHERE tenant_id = $1 AND job_id = $2")
              .execute(Tuple.of(tenant.value(), job.id(), rs.rowCount()))
              .map(x -> rs.rowCount())));
    });
  }

  private Future<List<String>> texts(TenantId tenant, UUID documentId, List<Stored> rows) {
    List<TenantCrypto.Envelope> sealed = new ArrayList<>();
    for (Stored s : rows) {
      if (s.sealed() != null) {
        sealed.add(new TenantCrypto.Envelope(documentId, s.sealed()));
      }
    }
    return crypto.open(tenant, sealed).map(opened -> {
      List<String> out = new ArrayList<>(rows.size());
      int o = 0;
      for (Stored s : rows) {
        out.add(s.sealed() == null ? s.content() : opened.get(o++));
      }
      return out;
    });
  }

  private Future<Void> complete(TenantId tenant, Job job) {
    return TenantTx.run(pool, tenant, conn -> TenantKeyStore.retireBelow(conn, tenant, job.toVersion())
        .compose(v -> conn.preparedQuery("UPDATE key_rotations SET state = 'completed', done_chunks = total_chunks, "
                + "finished_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL "
                + "WHERE tenant_id = $1 AND job_id = $2 AND state = 'running'")
            .execute(Tuple.of(tenant.value(), job.id()))))
        .compose(rs -> {
          crypto.evict(tenant);
          LOG.info("key rotation completed [tenant: {}, job: {}, version: {}]", tenant, job.id(), job.toVersion());
          return emit(tenant, job.id(), AuditEvent.Outcome.SUCCESS, null);
        });
  }

  private void fail(TenantId tenant, UUID jobId, ErrorCode code) {
    LOG.error("key rotation failed [tenant: {}, job: {}, error: {}]", tenant, jobId, code);
    TenantTx.run(pool, tenant, conn -> conn.preparedQuery("UPDATE key_rotations SET state = 'failed', error_code = $3, "
                + "finished_at = now(), updated_at = now(), lease_owner = NULL, lease_until = NULL "
                + "WHERE tenant_id = $1 AND job_id = $2 AND state = 'running'")
            .execute(Tuple.of(tenant.value(), jobId, code.name())))
        .compose(rs -> emit(tenant, jobId, AuditEvent.Outcome.FAILURE, code.name()))
        .onFailure(t -> LOG.error("key rotation failure not recorded [tenant: {}, job: {}, error: {}]", tenant,
            jobId, t.getClass().getSimpleName()));
  }

  private Future<Void> emit(TenantId tenant, UUID jobId, AuditEvent.Outcome outcome, String reason) {
    return audit.emit(new AuditEvent(UUID.randomUUID(), clock.instant(), tenant.value(), "chartline:key-rotation",
        List.of(), "keys.rotation.finish", "key_rotation", jobId.toString(), outcome, reason, null));
  }

  private static Job job(TenantId tenant, Row r) {
    return new Job(r.getUUID("job_id"), tenant, r.getInteger("from_version"), r.getInteger("to_version"),
        r.getString("state"), r.getLong("total_chunks"), r.getLong("done_chunks"), instant(r, "started_at"),
        instant(r, "updated_at"), instant(r, "finished_at"), r.getString("error_code"));
  }

  private static Instant instant(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static ChartlineException conflict(TenantId tenant, String message) {
    return new ChartlineException(ErrorCode.CONFLICT, tenant, message, null);
  }
}
