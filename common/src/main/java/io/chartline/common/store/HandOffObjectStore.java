package io.chartline.common.store;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Hands objects this node has just stored to its own readers without a second trip to the store.
 * When the api and ingest roles share a node, the API stores an upload and the ingest stage reads
 * it back a moment later; with this in between, the read is served from memory: half the S3
 * requests per document, and less CPU on the client and the store.
 *
 * <p>Exactly what the store acknowledged is handed over: the bytes as written (sealed, when
 * sealing is on, because this sits beneath {@link SealingObjectStore}) and their user metadata.
 * Each object is handed over once: the first read takes it, so a redelivered upload event reads
 * from the store as it would on another node. Objects wait at most {@code maxAge}; together they
 * hold at most {@code maxBytes} (oldest dropped first), and one larger than an eighth of that is
 * never held. Deletes drop what they cover before reaching the store. Document keys are written
 * once, by this service, so a held object cannot differ from the stored one.
 */
public final class HandOffObjectStore extends ForwardingObjectStore {

  private record Held(byte[] bytes, Map<String, String> metadata, long storedAtNanos) {
  }

  private final long maxBytes;
  private final long maxObjectBytes;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final LinkedHashMap<String, Held> held = new LinkedHashMap<>();
  private long heldBytes;
  private final AtomicLong handedOver = new AtomicLong();
  private final AtomicLong readFromStore = new AtomicLong();

  public HandOffObjectStore(ObjectStore delegate, long maxBytes, Duration maxAge) {
    this(delegate, maxBytes, maxAge, System::nanoTime);
  }

  HandOffObjectStore(ObjectStore delegate, long maxBytes, Duration maxAge, LongSupplier nanoTime) {
    super(delegate);
    if (maxBytes < 1) {
      throw new IllegalArgumentException("the hand-off budget must be positive");
    }
    this.maxBytes = maxBytes;
    this.maxObjectBytes = Math.max(1, maxBytes / 8);
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** Reads served from memory so far. */
  public long handedOver() {
    return handedOver.get(); // blocking-ok: AtomicLong read
  }

  /** Reads that went to the store so far (not held, taken already, expired or evicted). */
  public long readFromStore() {
    return readFromStore.get(); // blocking-ok: AtomicLong read
  }

  /** Bytes held right now. */
  public synchronized long heldBytes() {
    return heldBytes;
  }

  @Override
  public Future<StoredObject> put(TenantId tenant, String key, byte[] content, String contentType,
      Map<String, String> metadata, String kmsKeyId) {
    // a copy: the caller may reuse its array once the store has it
    byte[] copy = content.length <= maxObjectBytes ? content.clone() : null;
    return delegate.put(tenant, key, content, contentType, metadata, kmsKeyId).map(stored -> {
      if (copy != null) {
        hold(stored.bucket(), key, copy, metadata);
      } else {
        take(stored.bucket(), key); // never hand over an older object under this key
      }
      return stored;
    });
  }

  @Override
  public Future<ObjectBytes> get(TenantId tenant, String bucket, String key, long maxBytes) {
    Held h = take(bucket, key);
    if (h == null) {
      readFromStore.incrementAndGet();
      return delegate.get(tenant, bucket, key, maxBytes);
    }
    handedOver.incrementAndGet();
    if (h.bytes().length > maxBytes) {
      return Future.failedFuture(new ChartlineException(ErrorCode.DOCUMENT_TOO_LARGE, tenant,
          "object exceeds the size limit of " + maxBytes + " bytes", null));
    }
    return Future.succeededFuture(new ObjectBytes(h.bytes(), h.metadata()));
  }

  @Override
  public Future<Void> delete(TenantId tenant, String key) {
    take(delegate.bucket(), key);
    return delegate.delete(tenant, key);
  }

  @Override
  public Future<Long> deletePrefix(TenantId tenant, String prefix, int limit) {
    dropPrefix(delegate.bucket(), prefix);
    return delegate.deletePrefix(tenant, prefix, limit);
  }

  private synchronized void hold(String bucket, String key, byte[] bytes, Map<String, String> metadata) {
    long now = nanoTime.getAsLong();
    dropExpired(now);
    // S3 returns user metadata names in lower case: hand them over the same way
    Map<String, String> meta = new HashMap<>();
    metadata.forEach((k, v) -> meta.put(k.toLowerCase(Locale.ROOT), v));
    Held previous = held.remove(id(bucket, key));
    if (previous != null) {
      heldBytes -= previous.bytes().length;
    }
    Iterator<Held> oldest = held.values().iterator();
    while (heldBytes + bytes.length > maxBytes && oldest.hasNext()) {
      heldBytes -= oldest.next().bytes().length;
      oldest.remove();
    }
    held.put(id(bucket, key), new Held(bytes, Map.copyOf(meta), now));
    heldBytes += bytes.length;
  }

  private synchronized Held take(String bucket, String key) {
    long now = nanoTime.getAsLong();
    dropExpired(now);
    Held h = held.remove(id(bucket, key));
    if (h != null) {
      heldBytes -= h.bytes().length;
    }
    return h;
  }

  private synchronized void dropPrefix(String bucket, String prefix) {
    String start = id(bucket, prefix);
    Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Held> e = it.next();
      if (e.getKey().startsWith(start)) {
        heldBytes -= e.getValue().bytes().length;
        it.remove();
      }
    }
  }

  /** Entries are in the order they were stored, so the expired ones are at the front. */
  private void dropExpired(long now) {
    Iterator<Held> it = held.values().iterator();
    while (it.hasNext()) {
      Held h = it.next();
      if (now - h.storedAtNanos() < maxAgeNanos) {
        return;
      }
      heldBytes -= h.bytes().length;
      it.remove();
    }
  }

  private static String id(String bucket, String key) {
    return bucket + '/' + key;
  }
}
