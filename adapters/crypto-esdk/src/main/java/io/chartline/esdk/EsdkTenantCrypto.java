package io.chartline.esdk;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.DefaultCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.exception.AwsCryptoException;
import com.amazonaws.encryptionsdk.multi.MultipleProviderFactory;
import io.chartline.common.crypto.CryptoException;
import io.chartline.common.crypto.KeyVersions;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@link TenantCrypto} with the AWS Encryption SDK: the unsigned committing algorithm suite
 * ({@code ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY}; the signed default costs ~9 ms a message), one
 * encrypted data key per message, and a data-key cache per tenant so the key backend (KMS) is
 * called once per document and cache period, not per chunk. Seals use the tenant's active key
 * version; opens accept every version not destroyed, so reads keep working during a rotation.
 */
public final class EsdkTenantCrypto implements TenantCrypto {

  static final String CONTEXT_TENANT = "tenant_id";
  static final String CONTEXT_DOCUMENT = "document_id";

  private final WorkerExecutor worker;
  private final AwsCrypto crypto;
  private final EsdkKeyBackend backend;
  private final KeyVersions store;
  private final Function<TenantId, Future<Void>> ensureTenant;
  private final CryptoSettings settings;
  private final Clock clock;
  private final Map<TenantId, Loaded> keys = new ConcurrentHashMap<>();
  private final AtomicLong encryptCalls = new AtomicLong();
  private final AtomicLong decryptCalls = new AtomicLong();

  private record Loaded(Future<TenantKeys> keys, Instant at) {
  }

  /**
   * A tenant's usable key versions, ready to seal (active) and open (all not destroyed), and the
   * rows they were built from.
   */
  record TenantKeys(int activeVersion, String activeKeyRef, CryptoMaterialsManager seal, CryptoMaterialsManager open,
      List<TenantKeyRow> rows) {
  }

  /**
   * @param ensureTenant registers a tenant before its first key is recorded
   */
  public EsdkTenantCrypto(Vertx vertx, AwsCrypto crypto, EsdkKeyBackend backend, KeyVersions store,
      Function<TenantId, Future<Void>> ensureTenant, CryptoSettings settings, Clock clock) {
    this.worker = vertx.createSharedWorkerExecutor("chartline-crypto", 2);
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.store = Objects.requireNonNull(store, "store");
    this.ensureTenant = Objects.requireNonNull(ensureTenant, "ensureTenant");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The Encryption SDK configured as Chartline uses it everywhere. */
  public static AwsCrypto awsCrypto() {
    return AwsCrypto.builder()
        .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
        .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
        .withMaxEncryptedDataKeys(1)
        .build();
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Future<List<SealedText>> seal(TenantId tenant, UUID documentId, List<String> texts) {
    Map<String, String> context = context(tenant, documentId);
    return keys(tenant).compose(k -> worker.executeBlocking(() -> {
      List<SealedText> out = new ArrayList<>(texts.size());
      try {
        for (String t : texts) {
          out.add(new SealedText(k.activeVersion(),
              crypto.encryptData(k.seal(), t.getBytes(StandardCharsets.UTF_8), context).getResult()));
        }
      } catch (AwsCryptoException e) {
        throw new CryptoException(ErrorCode.KEY_UNAVAILABLE, tenant, "sealing failed", null);
      }
      return out;
    }, false));
  }

  @Override
  public Future<List<String>> open(TenantId tenant, List<Envelope> sealed) {
    if (sealed.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return keys(tenant).compose(k -> worker.executeBlocking(() -> {
      List<String> out = new ArrayList<>(sealed.size());
      for (Envelope e : sealed) {
        out.add(openOne(tenant, k, e));
      }
      return out;
    }, false));
  }

  @Override
  public Future<byte[]> sealBytes(TenantId tenant, UUID documentId, byte[] plaintext) {
    Map<String, String> context = context(tenant, documentId);
    return keys(tenant).compose(k -> worker.executeBlocking(() -> {
      try {
        return crypto.encryptData(k.seal(), plaintext, context).getResult();
      } catch (AwsCryptoException e) {
        throw new CryptoException(ErrorCode.KEY_UNAVAILABLE, tenant, "sealing failed", null);
      }
    }, false));
  }

  @Override
  public Future<byte[]> openBytes(TenantId tenant, UUID documentId, byte[] sealed) {
    return keys(tenant).compose(k -> worker.executeBlocking(() -> openMessage(tenant, k, documentId, sealed), false));
  }

  private String openOne(TenantId tenant, TenantKeys k, Envelope e) {
    return new String(openMessage(tenant, k, e.documentId(), e.sealed().message()), StandardCharsets.UTF_8);
  }

  private byte[] openMessage(TenantId tenant, TenantKeys k, UUID documentId, byte[] message) {
    CryptoResult<byte[], ?> r;
    try {
      r = crypto.decryptData(k.open(), message);
    } catch (AwsCryptoException | IllegalArgumentException ex) {
      throw new CryptoException(ErrorCode.DECRYPTION_FAILED, tenant,
          "sealed data does not open under this tenant's keys", null);
    }
    Map<String, String> ctx = r.getEncryptionContext();
    if (!tenant.value().equals(ctx.get(CONTEXT_TENANT)) || !documentId.toString().equals(ctx.get(CONTEXT_DOCUMENT))) {
      throw new CryptoException(ErrorCode.DECRYPTION_FAILED, tenant,
          "sealed data belongs to another tenant or document", null);
    }
    return r.getResult();
  }

  @Override
  public void evict(TenantId tenant) {
    keys.remove(tenant);
  }

  @Override
  public KeyringCalls keyringCalls() {
    return new KeyringCalls(encryptCalls.get(), decryptCalls.get());
  }

  @Override
  public Future<String> kmsKeyId(TenantId tenant) {
    if (!backend.provider().equals(KmsKeyBackend.PROVIDER)) {
      return Future.succeededFuture(null);
    }
    return keys(tenant).map(TenantKeys::activeKeyRef);
  }

  @Override
  public Future<Integer> activeVersion(TenantId tenant) {
    return keys(tenant).map(TenantKeys::activeVersion);
  }

  private Future<TenantKeys> keys(TenantId tenant) {
    Instant now = clock.instant();
    Loaded cached = keys.get(tenant);
    TenantKeys previous = null;
    if (cached != null && (cached.keys().failed()
        || cached.at().plus(settings.keyRefresh()).isBefore(now) && cached.keys().isComplete())) {
      keys.remove(tenant, cached);
      previous = cached.keys().succeeded() ? cached.keys().result() : null;
      cached = null;
    }
    if (cached != null) {
      return cached.keys();
    }
    Loaded fresh = new Loaded(load(tenant, previous), now);
    Loaded raced = keys.putIfAbsent(tenant, fresh);
    return raced != null ? raced.keys() : fresh.keys();
  }

  /**
   * Reads the tenant's key versions again. When they are exactly as before, the materials built
   * from them are kept, with their data-key caches: a refresh must not send every document's data
   * key back to the key backend (with KMS, one {@code Decrypt} per document and refresh period).
   */
  private Future<TenantKeys> load(TenantId tenant, TenantKeys previous) {
    return store.load(tenant).compose(rows -> {
      if (rows.isEmpty()) {
        return createFirst(tenant).compose(v -> store.load(tenant));
      }
      return Future.succeededFuture(rows);
    }).compose(rows -> previous != null && sameRows(previous.rows(), rows)
        ? Future.succeededFuture(previous)
        : worker.executeBlocking(() -> materialize(tenant, rows), false));
  }

  static boolean sameRows(List<TenantKeyRow> a, List<TenantKeyRow> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      TenantKeyRow x = a.get(i);
      TenantKeyRow y = b.get(i);
      if (!x.tenant().equals(y.tenant()) || x.version() != y.version() || x.state() != y.state()
          || !x.provider().equals(y.provider()) || !x.keyRef().equals(y.keyRef())
          || !Arrays.equals(x.wrappedKey(), y.wrappedKey())) {
        return false;
      }
    }
    return true;
  }

  private Future<Void> createFirst(TenantId tenant) {
    return ensureTenant.apply(tenant)
        .compose(v -> worker.executeBlocking(() -> backend.create(tenant, 1), false))
        .compose(nk -> store.insertFirst(new TenantKeyRow(tenant, 1, backend.provider(), nk.keyRef(),
            nk.wrappedKey(), TenantKeyRow.State.ACTIVE)).compose(inserted -> {
              if (!inserted) {
                // Another node recorded the first key first; ours was never used.
                return worker.executeBlocking(() -> {
                  backend.destroy(new TenantKeyRow(tenant, 1, backend.provider(), nk.keyRef(), nk.wrappedKey(),
                      TenantKeyRow.State.DESTROYED));
                  return null;
                }, false);
              }
              return Future.<Void>succeededFuture();
            }))
        .mapEmpty();
  }

  private TenantKeys materialize(TenantId tenant, List<TenantKeyRow> rows) {
    TenantKeyRow active = null;
    List<MasterKeyProvider<?>> openers = new ArrayList<>();
    for (TenantKeyRow r : rows) {
      if (r.state() == TenantKeyRow.State.DESTROYED) {
        continue;
      }
      MasterKeyProvider<?> p = backend.open(r);
      openers.add(p);
      if (r.state() == TenantKeyRow.State.ACTIVE) {
        active = r;
        openers.remove(p);
        openers.add(0, p);
      }
    }
    if (active == null) {
      throw new ChartlineException(ErrorCode.TENANT_DELETED, tenant, "tenant keys were destroyed", null);
    }
    MasterKeyProvider<?> sealWith = openers.get(0);
    MasterKeyProvider<?> openWith = openers.size() == 1 ? sealWith : MultipleProviderFactory.buildMultiProvider(openers);
    return new TenantKeys(active.version(), active.keyRef(), caching(sealWith), caching(openWith), List.copyOf(rows));
  }

  private CryptoMaterialsManager caching(MasterKeyProvider<?> provider) {
    return CachingCryptoMaterialsManager.newBuilder()
        .withBackingMaterialsManager(new CountingMaterialsManager(new DefaultCryptoMaterialsManager(provider),
            encryptCalls, decryptCalls))
        .withCache(new LocalCryptoMaterialsCache(settings.cacheCapacity()))
        .withMaxAge(settings.dataKeyMaxAge().toMillis(), TimeUnit.MILLISECONDS)
        .withMessageUseLimit(settings.dataKeyMessageLimit())
        .build();
  }

  static Map<String, String> context(TenantId tenant, UUID documentId) {
    return Map.of(CONTEXT_TENANT, tenant.value(), CONTEXT_DOCUMENT, documentId.toString());
  }

  public Future<Void> close() {
    return worker.close();
  }
}
