package io.chartline.esdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.crypto.CryptoException;
import io.chartline.common.crypto.KeyBackend;
import io.chartline.common.crypto.KeyVersions;
import io.chartline.common.crypto.SealedText;
import io.chartline.common.crypto.TenantCrypto.Envelope;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EsdkTenantCryptoTest {

  private static final TenantId A = TenantId.of("tenant-a");
  private static final TenantId B = TenantId.of("tenant-b");
  private static final UUID DOC = UUID.randomUUID();
  private static final String PHI = "Jane Canary, MRN 99812, admitted with chest pain";

  @TempDir
  Path dir;
  private Vertx vertx;
  private final InMemoryVersions versions = new InMemoryVersions();
  private LocalKeyBackend backend;
  private EsdkTenantCrypto crypto;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backend = LocalKeyBackend.open(EsdkTenantCrypto.awsCrypto(), dir.resolve("keys/master.key"));
    crypto = newCrypto(Duration.ofSeconds(30));
  }

  private EsdkTenantCrypto newCrypto(Duration keyRefresh) {
    CryptoSettings s = new CryptoSettings("local", dir.resolve("keys/master.key"), Duration.ofMinutes(5), 10_000,
        keyRefresh, 100, null);
    return new EsdkTenantCrypto(vertx, EsdkTenantCrypto.awsCrypto(), backend, versions,
        t -> Future.succeededFuture(), s, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void sealedTextOpensForItsTenantAndDocumentAndHidesThePlaintext() throws Exception {
    SealedText s = await(crypto.seal(A, DOC, List.of(PHI))).get(0);

    assertThat(new String(s.message(), StandardCharsets.ISO_8859_1)).doesNotContain("Canary").doesNotContain("99812");
    assertThat(s.keyVersion()).isEqualTo(1);
    assertThat(await(crypto.open(A, List.of(new Envelope(DOC, s))))).containsExactly(PHI);
  }

  @Test
  void anotherTenantCannotOpenIt() throws Exception {
    SealedText s = await(crypto.seal(A, DOC, List.of(PHI))).get(0);
    await(crypto.seal(B, DOC, List.of("tenant B has keys too")));

    assertThatThrownBy(() -> await(crypto.open(B, List.of(new Envelope(DOC, s)))))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.DECRYPTION_FAILED))
        .hasMessageNotContaining("Canary");
  }

  @Test
  void aMessageMovedToAnotherDocumentDoesNotOpen() throws Exception {
    SealedText s = await(crypto.seal(A, DOC, List.of(PHI))).get(0);

    assertThatThrownBy(() -> await(crypto.open(A, List.of(new Envelope(UUID.randomUUID(), s)))))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
  }

  @Test
  void aTamperedMessageDoesNotOpen() throws Exception {
    SealedText s = await(crypto.seal(A, DOC, List.of(PHI))).get(0);
    byte[] bad = s.message().clone();
    bad[bad.length - 20] ^= 0x01;

    assertThatThrownBy(() -> await(crypto.open(A, List.of(new Envelope(DOC, new SealedText(1, bad))))))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void theDataKeyCacheCallsTheKeyringOncePerDocumentNotPerChunk() throws Exception {
    List<String> chunks = IntStream.range(0, 200).mapToObj(i -> "chunk " + i + " of a note").toList();
    List<SealedText> sealed = await(crypto.seal(A, DOC, chunks));
    UUID other = UUID.randomUUID();
    await(crypto.seal(A, other, chunks.subList(0, 10)));

    List<Envelope> envelopes = sealed.stream().map(s -> new Envelope(DOC, s)).toList();
    assertThat(await(crypto.open(A, envelopes))).isEqualTo(chunks);
    assertThat(crypto.keyringCalls().encrypt()).isEqualTo(2);
    assertThat(crypto.keyringCalls().decrypt()).isEqualTo(1);
  }

  /** A key refresh that finds the tenant's key versions unchanged keeps the data keys it has opened. */
  @Test
  void anUnchangedRefreshKeepsTheDataKeyCache() throws Exception {
    EsdkTenantCrypto refreshing = newCrypto(Duration.ZERO);
    List<String> chunks = IntStream.range(0, 20).mapToObj(i -> "chunk " + i).toList();
    List<Envelope> envelopes = await(refreshing.seal(A, DOC, chunks)).stream().map(s -> new Envelope(DOC, s)).toList();
    for (int i = 0; i < 3; i++) {
      Thread.sleep(5);
      assertThat(await(refreshing.open(A, envelopes))).isEqualTo(chunks);
    }
    assertThat(refreshing.keyringCalls().decrypt()).isEqualTo(1);
  }

  /** ...and a refresh that finds them changed picks up the rotation, then the destruction. */
  @Test
  void aRefreshStillPicksUpARotationAndADestruction() throws Exception {
    EsdkTenantCrypto refreshing = newCrypto(Duration.ZERO);
    SealedText old = await(refreshing.seal(A, DOC, List.of(PHI))).get(0);
    versions.rotate(A, backend);
    Thread.sleep(5);
    SealedText fresh = await(refreshing.seal(A, DOC, List.of(PHI))).get(0);
    assertThat(fresh.keyVersion()).isEqualTo(2);
    assertThat(await(refreshing.open(A, List.of(new Envelope(DOC, old), new Envelope(DOC, fresh)))))
        .containsExactly(PHI, PHI);

    versions.destroyAll(A);
    Thread.sleep(5);
    assertThatThrownBy(() -> await(refreshing.open(A, List.of(new Envelope(DOC, fresh)))))
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_DELETED));
  }

  @Test
  void afterARotationOldMessagesStillOpenAndNewOnesUseTheNewVersion() throws Exception {
    SealedText old = await(crypto.seal(A, DOC, List.of(PHI))).get(0);
    versions.rotate(A, backend);
    crypto.evict(A);

    SealedText fresh = await(crypto.seal(A, DOC, List.of(PHI))).get(0);

    assertThat(fresh.keyVersion()).isEqualTo(2);
    assertThat(await(crypto.open(A, List.of(new Envelope(DOC, old), new Envelope(DOC, fresh)))))
        .containsExactly(PHI, PHI);
  }

  @Test
  void destroyedKeysOpenNothingAndSealNothing() throws Exception {
    SealedText s = await(crypto.seal(A, DOC, List.of(PHI))).get(0);
    versions.destroyAll(A);
    EsdkTenantCrypto afterShredding = newCrypto(Duration.ZERO);

    assertThatThrownBy(() -> await(afterShredding.open(A, List.of(new Envelope(DOC, s)))))
        .isInstanceOf(ChartlineException.class)
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_DELETED));
    assertThatThrownBy(() -> await(afterShredding.seal(A, DOC, List.of(PHI))))
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.TENANT_DELETED));
  }

  @Test
  void aWrappedTenantKeyDoesNotOpenUnderAnotherMasterKey() throws Exception {
    await(crypto.seal(A, DOC, List.of(PHI)));
    LocalKeyBackend otherMaster = LocalKeyBackend.open(EsdkTenantCrypto.awsCrypto(), dir.resolve("other.key"));

    assertThatThrownBy(() -> otherMaster.open(versions.rows(A).get(0)))
        .isInstanceOf(CryptoException.class)
        .satisfies(e -> assertThat(((ChartlineException) e).code()).isEqualTo(ErrorCode.KEY_UNAVAILABLE));
  }

  @Test
  void theMasterKeyFileIsOwnerOnlyAndALooserOneIsRefused() throws Exception {
    Path file = dir.resolve("keys/master.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> LocalKeyBackend.open(EsdkTenantCrypto.awsCrypto(), file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CHARTLINE_CRYPTO_MASTER_KEY_FILE");
  }

  /** Key versions in memory, with the lifecycle operations the store performs. */
  static final class InMemoryVersions implements KeyVersions {
    private final Map<TenantId, List<TenantKeyRow>> rows = new ConcurrentHashMap<>();

    List<TenantKeyRow> rows(TenantId t) {
      return rows.getOrDefault(t, List.of());
    }

    @Override
    public Future<List<TenantKeyRow>> load(TenantId tenant) {
      List<TenantKeyRow> out = new ArrayList<>(rows(tenant));
      out.sort(Comparator.comparingInt(TenantKeyRow::version));
      return Future.succeededFuture(out);
    }

    @Override
    public synchronized Future<Boolean> insertFirst(TenantKeyRow row) {
      if (rows.containsKey(row.tenant())) {
        return Future.succeededFuture(false);
      }
      rows.put(row.tenant(), Collections.synchronizedList(new ArrayList<>(List.of(row))));
      return Future.succeededFuture(true);
    }

    void rotate(TenantId t, KeyBackend backend) {
      List<TenantKeyRow> list = rows.get(t);
      TenantKeyRow current = list.get(list.size() - 1);
      list.set(list.size() - 1, new TenantKeyRow(t, current.version(), current.provider(), current.keyRef(),
          current.wrappedKey(), TenantKeyRow.State.RETIRING));
      KeyBackend.NewKey next = backend.create(t, current.version() + 1);
      list.add(new TenantKeyRow(t, current.version() + 1, backend.provider(), next.keyRef(), next.wrappedKey(),
          TenantKeyRow.State.ACTIVE));
    }

    @Override
    public Future<Void> destroyAll(TenantId t) {
      rows.put(t, rows.get(t).stream().map(r -> new TenantKeyRow(t, r.version(), r.provider(), r.keyRef(), null,
          TenantKeyRow.State.DESTROYED)).toList());
      return Future.succeededFuture();
    }
  }
}
