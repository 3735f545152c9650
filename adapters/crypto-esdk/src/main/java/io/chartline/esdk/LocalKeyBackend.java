package io.chartline.esdk;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.exception.AwsCryptoException;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import io.chartline.common.crypto.CryptoException;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local keyring for dev mode: each tenant key version is a random 256-bit AES wrapping key
 * ({@link JceMasterKey}, AES-GCM), stored in {@code tenant_keys} wrapped by the deployment's master
 * key with the AWS Encryption SDK. The master key is a file readable by its owner only, created
 * when absent; neither it nor any tenant key is ever logged. Destroying a version erases its
 * wrapped key from {@code tenant_keys} (done by the {@link io.chartline.common.crypto.KeyVersions} store); there is nothing else.
 */
public final class LocalKeyBackend implements EsdkKeyBackend {

  public static final String PROVIDER = CryptoSettings.LOCAL;
  static final String TENANT_KEY_PROVIDER = "chartline-tenant";
  private static final String MASTER_PROVIDER = "chartline-master";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final AwsCrypto crypto;
  private final JceMasterKey master;
  private final SecureRandom random = new SecureRandom();

  private LocalKeyBackend(AwsCrypto crypto, byte[] masterKey) {
    this.crypto = crypto;
    this.master = JceMasterKey.getInstance(new SecretKeySpec(masterKey, "AES"), MASTER_PROVIDER, "master",
        "AES/GCM/NoPadding");
    Arrays.fill(masterKey, (byte) 0);
  }

  /**
   * Loads the master key file, creating it (owner-only permissions) when it does not exist.
   *
   * @throws IllegalStateException naming {@code CHARTLINE_CRYPTO_MASTER_KEY_FILE} when the file is
   *     unreadable, malformed, or readable by others
   */
  public static LocalKeyBackend open(AwsCrypto crypto, Path masterKeyFile) {
    try {
      if (!Files.exists(masterKeyFile)) {
        create(masterKeyFile);
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(masterKeyFile);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new IllegalStateException("CHARTLINE_CRYPTO_MASTER_KEY_FILE must be readable by its owner only "
            + "(chmod 600): " + masterKeyFile.getFileName());
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(masterKeyFile, StandardCharsets.US_ASCII).strip());
      if (key.length != 32) {
        throw new IllegalStateException("CHARTLINE_CRYPTO_MASTER_KEY_FILE must hold 32 bytes, base64-encoded");
      }
      return new LocalKeyBackend(crypto, key);
    } catch (IOException e) {
      throw new IllegalStateException("CHARTLINE_CRYPTO_MASTER_KEY_FILE cannot be read or created: "
          + e.getClass().getSimpleName(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("CHARTLINE_CRYPTO_MASTER_KEY_FILE must hold 32 bytes, base64-encoded", e);
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException raced) {
      return; // another process created it first; use theirs
    }
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public NewKey create(TenantId tenant, int version) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    try {
      byte[] wrapped = crypto.encryptData(master, key, context(tenant, version)).getResult();
      return new NewKey(keyRef(tenant, version), wrapped);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public MasterKeyProvider<?> open(TenantKeyRow row) {
    if (row.wrappedKey() == null) {
      throw new CryptoException(ErrorCode.KEY_UNAVAILABLE, row.tenant(), "tenant key material destroyed", null);
    }
    byte[] key;
    try {
      CryptoResult<byte[], ?> r = crypto.decryptData(master, row.wrappedKey());
      if (!r.getEncryptionContext().equals(context(row.tenant(), row.version()))) {
        throw new CryptoException(ErrorCode.KEY_UNAVAILABLE, row.tenant(), "wrapped tenant key belongs elsewhere",
            null);
      }
      key = r.getResult();
    } catch (AwsCryptoException e) {
      throw new CryptoException(ErrorCode.KEY_UNAVAILABLE, row.tenant(),
          "tenant key cannot be unwrapped with this master key", null);
    }
    try {
      return JceMasterKey.getInstance(new SecretKeySpec(key, "AES"), TENANT_KEY_PROVIDER, row.keyRef(),
          "AES/GCM/NoPadding");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public void destroy(TenantKeyRow row) {
    // The material is the wrapped key in tenant_keys; the key versions store erases it.
  }

  static String keyRef(TenantId tenant, int version) {
    return "local:" + tenant.value() + ":v" + version;
  }

  private static Map<String, String> context(TenantId tenant, int version) {
    return Map.of("purpose", "tenant-key", "tenant_id", tenant.value(), "key_version", Integer.toString(version));
  }
}
