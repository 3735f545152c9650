package io.chartline.api.admin;

import io.chartline.common.admin.KeyRotationStore;
import io.chartline.common.admin.KeyRotationStore.Job;
import io.chartline.common.admin.KeyRotationStore.Resealed;
import io.chartline.common.admin.KeyRotationStore.StoredChunk;
import io.chartline.common.admin.KeyRotationStore.StoredTitle;
import io.chartline.common.audit.AuditSink;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
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
  private final KeyRotationStore store;
  private final TenantCrypto crypto;
  private final KeyBackend backend;
  private final AuditSink audit;
  private final Clock clock;
  private final Duration settle;

  /**
   * @param settle how long to wait, once nothing is left to re-seal, before checking again and
   *     retiring the old versions: at least the nodes' key cache period
   */
  public KeyRotations(Vertx vertx, KeyRotationStore store, TenantCrypto crypto, KeyBackend backend, AuditSink audit,
      Clock clock, Duration settle) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settle = Objects.requireNonNull(settle, "settle");
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
          .compose(nk -> store.start(new TenantKeyRow(tenant, next, backend.provider(), nk.keyRef(), nk.wrappedKey(),
              TenantKeyRow.State.ACTIVE), active, requestedBy));
    }).onSuccess(job -> {
      crypto.evict(tenant);
      LOG.info("key rotation started [tenant: {}, job: {}, from: {}, to: {}, chunks: {}]", tenant, job.id(),
          job.fromVersion(), job.toVersion(), job.totalChunks());
      run(job.tenant(), job.id());
    });
  }

  /** @return the job, or empty when the tenant has no such job */
  public Future<Optional<Job>> find(TenantId tenant, UUID jobId) {
    return store.find(tenant, jobId);
  }

  /** Picks up every running job (after a restart); a job leased by a live node is left to it. */
  public Future<Integer> resumeAll() {
    return store.running().map(jobs -> {
      jobs.forEach(j -> run(j.tenant(), j.jobId()));
      return jobs.size();
    });
  }

  /**
   * Gives up the leases this node holds (on shutdown), so another node can resume the jobs at
   * once instead of after the lease expires.
   */
  public Future<Void> releaseLeases() {
    return store.releaseAll();
  }

  private void run(TenantId tenant, UUID jobId) {
    step(tenant, jobId, false).onSuccess(v -> store.forget(jobId)).onFailure(t -> {
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
    return store.claim(tenant, jobId, LEASE).compose(job -> {
      if (job.isEmpty()) {
        return Future.<Void>succeededFuture(); // finished, or another node holds the lease
      }
      Job j = job.get(); // blocking-ok: Optional.get after isEmpty()
      return store.chunksNotUnder(tenant, j.toVersion(), BATCH).compose(rows -> {
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

  /** Re-seals a batch of document titles not yet under {@code toVersion}; returns how many it found. */
  private Future<Integer> resealTitles(TenantId tenant, int toVersion) {
    return store.titlesNotUnder(tenant, toVersion, BATCH).compose(titles -> {
      List<Future<Resealed>> sealed = new ArrayList<>();
      for (StoredTitle t : titles) {
        Future<String> clear = t.sealed() == null ? Future.succeededFuture(t.title())
            : crypto.open(tenant, List.of(new TenantCrypto.Envelope(t.documentId(), t.sealed()))).map(l -> l.get(0));
        sealed.add(clear.compose(c -> crypto.seal(tenant, t.documentId(), List.of(c)))
            .map(l -> new Resealed(t.documentId(), 0, l.get(0), t.seen())));
      }
      if (sealed.isEmpty()) {
        return Future.succeededFuture(0);
      }
      return Future.all(sealed).compose(all -> store.writeTitles(tenant, all.list())).map(x -> sealed.size());
    });
  }

  /** Opens and re-seals a batch document by document (one data key each), then writes it back. */
  private Future<Integer> reseal(TenantId tenant, Job job, List<StoredChunk> rows) {
    Map<UUID, List<StoredChunk>> byDocument = new LinkedHashMap<>();
    for (StoredChunk s : rows) {
      byDocument.computeIfAbsent(s.documentId(), d -> new ArrayList<>()).add(s);
    }
    List<Future<List<Resealed>>> perDocument = new ArrayList<>();
    for (Map.Entry<UUID, List<StoredChunk>> e : byDocument.entrySet()) {
      perDocument.add(texts(tenant, e.getKey(), e.getValue())
          .compose(texts -> crypto.seal(tenant, e.getKey(), texts))
          .map(sealed -> {
            List<Resealed> updates = new ArrayList<>(sealed.size());
            for (int i = 0; i < sealed.size(); i++) {
              StoredChunk s = e.getValue().get(i);
              updates.add(new Resealed(s.documentId(), s.chunkIndex(), sealed.get(i), s.seen()));
            }
            return updates;
          }));
    }
    return Future.all(perDocument).compose(all -> {
      List<Resealed> updates = new ArrayList<>(rows.size());
      for (int d = 0; d < all.size(); d++) {
        updates.addAll(all.<List<Resealed>>resultAt(d));
      }
      return store.writeChunks(tenant, job.id(), updates);
    });
  }

  private Future<List<String>> texts(TenantId tenant, UUID documentId, List<StoredChunk> rows) {
    List<TenantCrypto.Envelope> sealed = new ArrayList<>();
    for (StoredChunk s : rows) {
      if (s.sealed() != null) {
        sealed.add(new TenantCrypto.Envelope(documentId, s.sealed()));
      }
    }
    return crypto.open(tenant, sealed).map(opened -> {
      List<String> out = new ArrayList<>(rows.size());
      int o = 0;
      for (StoredChunk s : rows) {
        out.add(s.sealed() == null ? s.content() : opened.get(o++));
      }
      return out;
    });
  }

  private Future<Void> complete(TenantId tenant, Job job) {
    return store.complete(tenant, job.id(), job.toVersion()).compose(v -> {
      crypto.evict(tenant);
      LOG.info("key rotation completed [tenant: {}, job: {}, version: {}]", tenant, job.id(), job.toVersion());
      return emit(tenant, job.id(), AuditEvent.Outcome.SUCCESS, null);
    });
  }

  private void fail(TenantId tenant, UUID jobId, ErrorCode code) {
    LOG.error("key rotation failed [tenant: {}, job: {}, error: {}]", tenant, jobId, code);
    store.fail(tenant, jobId, code.name())
        .compose(v -> emit(tenant, jobId, AuditEvent.Outcome.FAILURE, code.name()))
        .onFailure(t -> LOG.error("key rotation failure not recorded [tenant: {}, job: {}, error: {}]", tenant,
            jobId, t.getClass().getSimpleName()));
  }

  private Future<Void> emit(TenantId tenant, UUID jobId, AuditEvent.Outcome outcome, String reason) {
    return audit.emit(new AuditEvent(UUID.randomUUID(), clock.instant(), tenant.value(), "chartline:key-rotation",
        List.of(), "keys.rotation.finish", "key_rotation", jobId.toString(), outcome, reason, null));
  }
}
