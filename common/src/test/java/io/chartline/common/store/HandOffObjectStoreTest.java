package io.chartline.common.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HandOffObjectStoreTest {

  private static final TenantId TENANT = TenantId.of("acme");
  private static final String BUCKET = "docs";

  /** An in-memory store that records the reads reaching it. */
  private static final class MemoryStore implements ObjectStore {
    final Map<String, ObjectBytes> objects = new HashMap<>();
    final List<String> reads = new ArrayList<>();
    boolean failPuts;

    @Override
    public String bucket() {
      return BUCKET;
    }

    @Override
    public Future<Void> ensureBucket() {
      return Future.succeededFuture();
    }

    @Override
    public Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
        Map<String, String> metadata, String kmsKeyId) {
      if (failPuts) {
        return Future.failedFuture(new ChartlineException(ErrorCode.UNAVAILABLE, tenant, "down", null));
      }
      Map<String, String> lower = new HashMap<>();
      metadata.forEach((k, v) -> lower.put(k.toLowerCase(), v));
      objects.put(key, new ObjectBytes(content.clone(), lower));
      return Future.succeededFuture(new StoredObject(BUCKET, key, "etag", null, content.length));
    }

    @Override
    public Future<ObjectBytes> get(TenantId tenant, String bucket, String key, long maxBytes) {
      reads.add(key);
      ObjectBytes o = objects.get(key);
      return o == null ? Future.failedFuture(new ChartlineException(ErrorCode.OBJECT_NOT_FOUND, tenant, "gone", null))
          : Future.succeededFuture(o);
    }

    @Override

    public Future<java.util.Optional<ObjectHead>> head(TenantId tenant, String bucket, String key) {

      throw new UnsupportedOperationException();

    }


    @Override
    public Future<Boolean> exists(TenantId tenant, String bucket, String key) {
      return Future.succeededFuture(objects.containsKey(key));
    }

    @Override
    public Future<Void> delete(TenantId tenant, String key) {
      objects.remove(key);
      return Future.succeededFuture();
    }

    @Override
    public Future<Long> deletePrefix(TenantId tenant, String prefix, int limit) {
      long n = objects.keySet().stream().filter(k -> k.startsWith(prefix)).count();
      objects.keySet().removeIf(k -> k.startsWith(prefix));
      return Future.succeededFuture(n);
    }

    @Override
    public Future<Void> ping() {
      return Future.succeededFuture();
    }
  }

  private final MemoryStore store = new MemoryStore();
  private final AtomicLong now = new AtomicLong();
  private final HandOffObjectStore handOff = new HandOffObjectStore(store, 800, Duration.ofSeconds(60), now::get);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ObjectStore.ObjectBytes read(String key) {
    return handOff.get(TENANT, BUCKET, key, 1000).result();
  }

  @Test
  void aJustStoredObjectIsHandedOverOnceWithItsMetadata() {
    handOff.put(TENANT, "acme/a", bytes("note a"), "text/plain", Map.of("Chartline-Encoding", "aws-esdk"));

    ObjectStore.ObjectBytes first = read("acme/a");
    assertThat(first.bytes()).isEqualTo(bytes("note a"));
    assertThat(first.metadata()).containsEntry("chartline-encoding", "aws-esdk");
    assertThat(store.reads).isEmpty();

    // a second read (a redelivered event) goes to the store, as on any other node
    assertThat(read("acme/a").bytes()).isEqualTo(bytes("note a"));
    assertThat(store.reads).containsExactly("acme/a");
    assertThat(handOff.handedOver()).isEqualTo(1);
    assertThat(handOff.readFromStore()).isEqualTo(1);
    assertThat(handOff.heldBytes()).isZero();
  }

  @Test
  void theCallersArrayIsCopied() {
    byte[] content = bytes("original");
    handOff.put(TENANT, "acme/a", content, "text/plain", Map.of());
    content[0] = 'X';

    assertThat(read("acme/a").bytes()).isEqualTo(bytes("original"));
  }

  @Test
  void aFailedStoreHoldsNothing() {
    store.failPuts = true;
    assertThat(handOff.put(TENANT, "acme/a", bytes("x"), "text/plain", Map.of()).failed()).isTrue();

    assertThat(handOff.heldBytes()).isZero();
    assertThat(handOff.get(TENANT, BUCKET, "acme/a", 1000).cause())
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND));
  }

  @Test
  void objectsOlderThanTheMaximumAgeAreReadFromTheStore() {
    handOff.put(TENANT, "acme/a", bytes("a"), "text/plain", Map.of());
    now.addAndGet(Duration.ofSeconds(61).toNanos());

    read("acme/a");

    assertThat(store.reads).containsExactly("acme/a");
    assertThat(handOff.heldBytes()).isZero();
  }

  @Test
  void theBudgetDropsTheOldestFirstAndLargeObjectsAreNeverHeld() {
    handOff.put(TENANT, "acme/large", new byte[101], "application/pdf", Map.of()); // over 800 / 8
    for (int i = 0; i < 9; i++) {
      handOff.put(TENANT, "acme/" + i, new byte[100], "text/plain", Map.of());
    }

    assertThat(handOff.heldBytes()).isEqualTo(800);
    read("acme/large");
    read("acme/0");
    read("acme/1");
    assertThat(store.reads).containsExactly("acme/large", "acme/0");
  }

  @Test
  void aLargeRewriteDropsTheSmallerObjectHeldUnderTheSameKey() {
    handOff.put(TENANT, "acme/a", bytes("small"), "text/plain", Map.of());
    handOff.put(TENANT, "acme/a", new byte[500], "text/plain", Map.of());

    assertThat(read("acme/a").bytes()).hasSize(500);
    assertThat(store.reads).containsExactly("acme/a");
  }

  @Test
  void deletesDropWhatTheyCover() {
    handOff.put(TENANT, "acme/a", bytes("a"), "text/plain", Map.of());
    handOff.put(TENANT, "acme/b/1", bytes("b1"), "text/plain", Map.of());
    handOff.put(TENANT, "other/c", bytes("c"), "text/plain", Map.of());

    handOff.delete(TENANT, "acme/a");
    handOff.deletePrefix(TENANT, "acme/", 1000);

    assertThat(handOff.get(TENANT, BUCKET, "acme/a", 1000).failed()).isTrue();
    assertThat(handOff.get(TENANT, BUCKET, "acme/b/1", 1000).failed()).isTrue();
    assertThat(read("other/c").bytes()).isEqualTo(bytes("c"));
    assertThat(store.reads).containsExactly("acme/a", "acme/b/1");
  }

  @Test
  void theReadersSizeLimitStillApplies() {
    handOff.put(TENANT, "acme/a", new byte[50], "text/plain", Map.of());

    assertThat(handOff.get(TENANT, BUCKET, "acme/a", 10).cause())
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.DOCUMENT_TOO_LARGE));
  }
}
