package io.chartline.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.admin.TenantDeletionStore;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.KeyVersions;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.events.AuditEvent;
import io.chartline.common.store.Document;
import io.chartline.common.store.DocumentStatus;
import io.chartline.common.store.DocumentStore;
import io.chartline.common.store.ObjectStore;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deletion use case against in-memory ports: the order of its steps, what each records, how
 * object batches that keep failing leave the job waiting for its next round, and that a job another
 * node holds is left alone.
 */
class DeletionRunnerTest {

  static final TenantId T = TenantId.of("del-unit");
  static final TenantDeletion.Settings FAST = new TenantDeletion.Settings(Duration.ofSeconds(1), 2,
      Duration.ofMillis(50));

  private final Vertx vertx = Vertx.vertx();
  private final MemoryDeletions store = new MemoryDeletions();
  private final MemoryKeys keys = new MemoryKeys();
  private final List<TenantKeyRow> destroyed = new CopyOnWriteArrayList<>();
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aJobDestroysTheKeysThenPurgesTheDatabaseThenDeletesObjectsInBatchesAndCompletesOnce() throws Exception {
    keys.add(2);
    Objects objects = new Objects(List.of(500L, 120L), 0);
    UUID job = store.add("running", "keys");
    runner(objects).run(T, job);

    awaitState(job, "completed");
    TenantDeletionStore.Job done = store.jobs.get(job);
    assertThat(done.step()).isEqualTo("done");
    assertThat(done.keyVersionsDestroyed()).isEqualTo(2);
    assertThat(destroyed).hasSize(2);
    assertThat(keys.rows).allMatch(r -> r.state() == TenantKeyRow.State.DESTROYED);
    assertThat(store.purges.get()).as("the database is purged once").isEqualTo(1);
    assertThat(done.objectsDeleted()).isEqualTo(620);
    assertThat(store.steps).containsExactly("keys", "database", "objects", "done");
    awaitAudit(1);
    assertThat(audit).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("tenant.delete.finish");
      assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
    });
  }

  @Test
  void objectBatchesThatFailEveryAttemptLeaveTheJobWaitingAndTheNextRoundFinishesIt() throws Exception {
    Objects objects = new Objects(List.of(10L), 2); // two failing calls: every attempt of the first round
    UUID job = store.add("running", "objects");
    DeletionRunner runner = runner(objects);
    runner.run(T, job);

    awaitState(job, "completed"); // after the failed round the runner waits the retry interval and claims it again
    assertThat(store.remained).as("one round ended with objects remaining, every attempt counted")
        .containsExactly("UNAVAILABLE x" + FAST.objectAttempts());
    assertThat(store.jobs.get(job).objectAttempts()).isEqualTo(FAST.objectAttempts());
    assertThat(store.jobs.get(job).objectsDeleted()).isEqualTo(10);
    awaitAudit(2);
    assertThat(audit).as("the failed round is audited once, then the finish").extracting(AuditEvent::outcome)
        .containsExactly(AuditEvent.Outcome.FAILURE, AuditEvent.Outcome.SUCCESS);
  }

  @Test
  void aJobLeasedByAnotherNodeIsLeftAlone() throws Exception {
    keys.add(1);
    UUID job = store.add("running", "keys");
    store.leasedElsewhere.add(job);
    // the in-memory claim answers at once, so run() has returned when the refusal was handled
    runner(new Objects(List.of(), 0)).run(T, job);

    assertThat(store.jobs.get(job).step()).isEqualTo("keys");
    assertThat(destroyed).isEmpty();
    assertThat(audit).isEmpty();
  }

  private DeletionRunner runner(Objects objects) {
    KeyBackend backend = new KeyBackend() {
      @Override
      public String provider() {
        return "memory";
      }

      @Override
      public NewKey create(TenantId tenant, int version) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void destroy(TenantKeyRow row) {
        destroyed.add(row);
      }
    };
    TenantPurge purge = new TenantPurge(vertx, keys, backend, TenantCrypto.disabled(), objects, new NoDocuments());
    return new DeletionRunner(vertx, store, purge, e -> {
      audit.add(e);
      return Future.succeededFuture();
    }, Clock.systemUTC(), FAST, Duration.ofSeconds(30));
  }

  private void awaitState(UUID job, String state) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && !state.equals(store.jobs.get(job).state())) {
      Thread.sleep(10);
    }
    assertThat(store.jobs.get(job).state()).isEqualTo(state);
  }

  private void awaitAudit(int events) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && audit.size() < events) {
      Thread.sleep(10);
    }
  }

  /** Deletion jobs in memory, with the store's step rules. */
  static final class MemoryDeletions implements TenantDeletionStore {
    final Map<UUID, Job> jobs = new ConcurrentHashMap<>();
    final List<String> steps = new CopyOnWriteArrayList<>();
    final List<UUID> leasedElsewhere = new CopyOnWriteArrayList<>();
    final List<String> remained = new CopyOnWriteArrayList<>();
    final AtomicInteger purges = new AtomicInteger();

    UUID add(String state, String step) {
      UUID id = UUID.randomUUID();
      jobs.put(id, job(id, state, step, 0, 0, 0, null));
      steps.add(step);
      return id;
    }

    private static Job job(UUID id, String state, String step, int versions, long objects, int attempts,
        String error) {
      return new Job(id, T, state, step, "admin", "ops", UUID.randomUUID(), UUID.randomUUID(), Instant.now(),
          versions, null, 0, 0, null, objects, attempts, null, error, Instant.now(), Instant.now(), null);
    }

    private synchronized void update(UUID id, String state, String step, Integer versions, long moreObjects,
        int moreAttempts, String error) {
      Job j = jobs.get(id);
      if (!j.step().equals(step)) {
        steps.add(step);
      }
      jobs.put(id, job(id, state, step, versions == null ? j.keyVersionsDestroyed() : versions,
          j.objectsDeleted() + moreObjects, j.objectAttempts() + moreAttempts, error));
    }

    @Override
    public Future<Optional<Job>> claim(TenantId tenant, UUID jobId, Duration lease) {
      Job j = jobs.get(jobId);
      boolean workable = j != null && List.of("running", "objects_remaining").contains(j.state());
      return Future.succeededFuture(workable && !leasedElsewhere.contains(jobId) ? Optional.of(j) : Optional.empty());
    }

    @Override
    public void forget(UUID jobId) {
    }

    @Override
    public Future<Void> releaseAll() {
      return Future.succeededFuture();
    }

    @Override
    public Future<Job> record(NewJob job) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Optional<Job>> find(TenantId tenant) {
      return Future.succeededFuture(jobs.values().stream().findFirst());
    }

    @Override
    public Future<List<Due>> unfinished() {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Void> keysDestroyed(TenantId tenant, UUID jobId, int versions) {
      update(jobId, jobs.get(jobId).state(), "database", versions, 0, 0, null);
      return Future.succeededFuture();
    }

    @Override
    public Future<Optional<Purged>> purgeDatabase(TenantId tenant, UUID jobId) {
      if (!"database".equals(jobs.get(jobId).step())) {
        return Future.succeededFuture(Optional.empty());
      }
      purges.incrementAndGet();
      update(jobId, jobs.get(jobId).state(), "objects", null, 0, 0, null);
      return Future.succeededFuture(Optional.of(new Purged(3, 30)));
    }

    @Override
    public Future<Void> objectsDeleted(TenantId tenant, UUID jobId, long count) {
      update(jobId, jobs.get(jobId).state(), "objects", null, count, 0, null);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> objectsRemain(TenantId tenant, UUID jobId, String errorCode, int attempts, Duration retry) {
      remained.add(errorCode + " x" + attempts);
      update(jobId, "objects_remaining", "objects", null, 0, attempts, errorCode);
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> complete(TenantId tenant, UUID jobId) {
      boolean first = !"completed".equals(jobs.get(jobId).state());
      update(jobId, "completed", "done", null, 0, 0, null);
      return Future.succeededFuture(first);
    }
  }

  /** Key versions in memory. */
  static final class MemoryKeys implements KeyVersions {
    final List<TenantKeyRow> rows = Collections.synchronizedList(new ArrayList<>());

    void add(int versions) {
      for (int v = 1; v <= versions; v++) {
        rows.add(new TenantKeyRow(T, v, "memory", "ref-" + v, new byte[] {1},
            v == versions ? TenantKeyRow.State.ACTIVE : TenantKeyRow.State.RETIRED));
      }
    }

    @Override
    public Future<List<TenantKeyRow>> load(TenantId tenant) {
      return Future.succeededFuture(List.copyOf(rows));
    }

    @Override
    public Future<Boolean> insertFirst(TenantKeyRow row) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> destroyAll(TenantId tenant) {
      synchronized (rows) {
        rows.replaceAll(r -> new TenantKeyRow(T, r.version(), r.provider(), r.keyRef(), null,
            TenantKeyRow.State.DESTROYED));
      }
      return Future.succeededFuture();
    }
  }

  /** An object store whose prefix deletion answers the given batch sizes (then 0), after failing {@code failures} calls. */
  static final class Objects implements ObjectStore {
    private final List<Long> batches;
    private final AtomicInteger failures;
    private int next;

    Objects(List<Long> batches, int failures) {
      this.batches = batches;
      this.failures = new AtomicInteger(failures);
    }

    @Override
    public synchronized Future<Long> deletePrefix(TenantId tenant, String prefix, int limit) {
      if (failures.getAndDecrement() > 0) {
        return Future.failedFuture(new io.chartline.common.error.ChartlineException(
            io.chartline.common.error.ErrorCode.UNAVAILABLE, tenant, "store down", null));
      }
      return Future.succeededFuture(next < batches.size() ? batches.get(next++) : 0L);
    }

    @Override
    public String bucket() {
      return "memory";
    }

    @Override
    public Future<Void> ensureBucket() {
      return Future.succeededFuture();
    }

    @Override
    public Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
        Map<String, String> metadata, String kmsKeyId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<ObjectBytes> get(TenantId tenant, String bucket, String key, long maxBytes) {
      throw new UnsupportedOperationException();
    }

    @Override

    public Future<java.util.Optional<ObjectHead>> head(TenantId tenant, String bucket, String key) {

      throw new UnsupportedOperationException();

    }


    @Override
    public Future<Boolean> exists(TenantId tenant, String bucket, String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> delete(TenantId tenant, String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> ping() {
      return Future.succeededFuture();
    }
  }

  /** The deletion only tells the document store to forget the tenant. */
  static final class NoDocuments implements DocumentStore {
    @Override
    public Future<Void> ensureTenant(TenantId tenant) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void forget(TenantId tenant) {
    }

    @Override
    public Future<Void> insertReceived(TenantId tenant, UUID id, String title,
        io.chartline.common.crypto.SealedText sealedTitle, String patientId, String contentType, long size,
        ObjectStore.StoredObject object, String createdBy) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Optional<Document>> find(DataScope scope, UUID id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<Document>> list(DataScope scope, String patientId, DocumentStatus status, int limit,
        int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Boolean> markParsed(TenantId tenant, UUID id, long generation, int pages, int chunks) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Optional<Generation>> generation(TenantId tenant, UUID id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Boolean> markDeleted(TenantId tenant, UUID id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> markFailed(TenantId tenant, UUID id, String code, String message) {
      throw new UnsupportedOperationException();
    }
  }
}
