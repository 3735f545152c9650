package io.chartline.devstack;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The keys and aliases of a {@link LocalKms}, in memory, with the key-state rules of AWS KMS for
 * symmetric encryption keys that the product meets: enabled, then pending deletion, then gone.
 * A key has one piece of material (the product rotates by creating a new key per key version, not
 * by rotating KMS key material); blobs carry its version all the same, as the format allows more. Every method is atomic (one lock); errors are {@link KmsError}s
 * carrying the exception name KMS would return.
 *
 * <p>A key reference ({@code keyRef}) is what KMS accepts as {@code KeyId}: a key id, a key ARN, an
 * alias name ({@code alias/...}) or an alias ARN. ARNs must name this endpoint's region and the
 * account {@value #ACCOUNT}.
 */
final class KmsKeyring {

  static final String ACCOUNT = "000000000000";
  static final int DEFAULT_PENDING_WINDOW_DAYS = 30;
  private static final int MATERIAL_BYTES = 32;
  private static final Pattern ALIAS_NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]+");
  private static final int MAX_ALIAS_LENGTH = 256;

  /** Key states this endpoint uses; the names are the wire values. */
  enum KeyState { Enabled, PendingDeletion }

  /** What {@code DescribeKey} reports about a key. */
  record KeyInfo(String keyId, String arn, Instant created, String description, KeyState state, Instant deletionDate,
      Integer pendingWindowInDays, String currentMaterialId) {
  }

  record Sealed(byte[] blob, String keyArn, String materialId) {
  }

  record Opened(byte[] plaintext, String keyArn, String materialId) {
  }

  private record Alias(String name, String targetKeyId, Instant created, Instant updated) {
  }

  private record Material(byte[] bytes, String id) {
  }

  private static final class Key {
    final String id;
    final String arn;
    final UUID uuid;
    final Instant created;
    final String description;
    final List<Material> materials = new ArrayList<>();
    KeyState state = KeyState.Enabled;
    Instant deletionDate;
    Integer pendingWindowInDays;

    Key(UUID uuid, String arn, Instant created, String description) {
      this.uuid = uuid;
      this.id = uuid.toString();
      this.arn = arn;
      this.created = created;
      this.description = description;
    }

    Material current() {
      return materials.get(materials.size() - 1);
    }
  }

  private final String region;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Key> keys = new LinkedHashMap<>();
  private final Map<String, Alias> aliases = new LinkedHashMap<>();

  KmsKeyring(String region, Clock clock) {
    this.region = region;
    this.clock = clock;
  }

  String keyArn(String keyId) {
    return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + keyId;
  }

  String aliasArn(String aliasName) {
    return "arn:aws:kms:" + region + ":" + ACCOUNT + ":" + aliasName;
  }

  synchronized KeyInfo createKey(String description) {
    UUID uuid = UUID.randomUUID();
    Key key = new Key(uuid, keyArn(uuid.toString()), clock.instant(), description);
    key.materials.add(newMaterial());
    keys.put(key.id, key);
    return info(key);
  }

  synchronized void createAlias(String aliasName, String targetKeyRef) {
    checkAliasName(aliasName);
    if (targetKeyRef != null && (targetKeyRef.startsWith("alias/") || targetKeyRef.contains(":alias/"))) {
      throw KmsError.validation("TargetKeyId must be a key ID or key ARN, not an alias");
    }
    Key key = resolve(targetKeyRef);
    if (key.state == KeyState.PendingDeletion) {
      throw pendingDeletion(key);
    }
    if (aliases.containsKey(aliasName)) {
      throw new KmsError(KmsError.ALREADY_EXISTS, "An alias with the name " + aliasArn(aliasName) + " already exists");
    }
    Instant now = clock.instant();
    aliases.put(aliasName, new Alias(aliasName, key.id, now, now));
  }

  /** Seals {@code plaintext} under the key's current material, bound to {@code context}. */
  synchronized Sealed encrypt(String keyRef, byte[] plaintext, Map<String, String> context) {
    Key key = resolve(keyRef);
    requireUsable(key);
    int version = key.materials.size() - 1;
    Material material = key.current();
    byte[] blob = KmsCiphertext.seal(key.uuid, version, material.bytes(), plaintext, context, random);
    return new Sealed(blob, key.arn, material.id());
  }

  /**
   * Opens a blob with the material it names.
   *
   * @param expectedKeyRef when not null, the key the caller expects: a blob of another key fails with
   *                       {@code IncorrectKeyException}
   */
  synchronized Opened decrypt(byte[] blob, Map<String, String> context, String expectedKeyRef) {
    Key expected = expectedKeyRef == null ? null : resolve(expectedKeyRef);
    KmsCiphertext.Parsed parsed = KmsCiphertext.parse(blob);
    String keyId = parsed.keyId().toString();
    if (expected != null && !expected.id.equals(keyId)) {
      throw new KmsError(KmsError.INCORRECT_KEY,
          "The key ID in the request does not identify the KMS key that encrypted the ciphertext.");
    }
    Key key = keys.get(keyId);
    if (key == null) {
      throw KmsError.notFound(keyArn(keyId));
    }
    requireUsable(key);
    if (parsed.materialVersion() >= key.materials.size()) {
      throw new KmsError(KmsError.INVALID_CIPHERTEXT, "The ciphertext names key material that does not exist");
    }
    Material material = key.materials.get(parsed.materialVersion());
    byte[] plaintext = KmsCiphertext.open(parsed, material.bytes(), context);
    return new Opened(plaintext, key.arn, material.id());
  }

  synchronized KeyInfo scheduleDeletion(String keyRef, Integer pendingWindowInDays) {
    int days = pendingWindowInDays == null ? DEFAULT_PENDING_WINDOW_DAYS : pendingWindowInDays;
    if (days < 7 || days > 30) {
      throw KmsError.validation("1 validation error detected: Value '" + days
          + "' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30");
    }
    Key key = resolve(keyRef);
    if (key.state == KeyState.PendingDeletion) {
      throw pendingDeletion(key);
    }
    key.state = KeyState.PendingDeletion;
    key.deletionDate = clock.instant().plus(Duration.ofDays(days));
    key.pendingWindowInDays = days;
    return info(key);
  }

  /**
   * Ends the waiting period of a key pending deletion now: its material is overwritten and dropped,
   * the key and its aliases are gone, and any reference to it answers {@code NotFoundException}.
   *
   * @throws KmsError        {@code NotFoundException} when there is no such key
   * @throws IllegalStateException when the key is not pending deletion
   */
  synchronized String completeDeletion(String keyRef) {
    Key key = resolve(keyRef);
    if (key.state != KeyState.PendingDeletion) {
      throw new IllegalStateException(key.arn + " is " + key.state + ", not PendingDeletion: schedule its deletion first");
    }
    for (Material material : key.materials) {
      Arrays.fill(material.bytes(), (byte) 0);
    }
    key.materials.clear();
    keys.remove(key.id);
    aliases.values().removeIf(alias -> alias.targetKeyId().equals(key.id));
    return key.arn;
  }

  private KeyInfo info(Key key) {
    String current = key.materials.isEmpty() ? null : key.current().id();
    return new KeyInfo(key.id, key.arn, key.created, key.description, key.state, key.deletionDate,
        key.pendingWindowInDays, current);
  }

  private Material newMaterial() {
    byte[] bytes = new byte[MATERIAL_BYTES];
    random.nextBytes(bytes);
    byte[] id = new byte[32];
    random.nextBytes(id);
    return new Material(bytes, HexFormat.of().formatHex(id));
  }

  private static void requireUsable(Key key) {
    if (key.state == KeyState.PendingDeletion) {
      throw pendingDeletion(key);
    }
  }

  private static KmsError pendingDeletion(Key key) {
    return new KmsError(KmsError.INVALID_STATE, key.arn + " is pending deletion.");
  }

  private void checkAliasName(String aliasName) {
    if (aliasName == null) {
      throw KmsError.required("aliasName");
    }
    if (aliasName.length() > MAX_ALIAS_LENGTH || !ALIAS_NAME.matcher(aliasName).matches()) {
      throw new KmsError(KmsError.INVALID_ALIAS_NAME, "Alias must start with the prefix \"alias/\" and contain only "
          + "alphanumeric characters, '/', '_' or '-'");
    }
    if (aliasName.startsWith("alias/aws/")) {
      throw new KmsError(KmsError.INVALID_ALIAS_NAME, "Alias must not begin with 'alias/aws/': that prefix is reserved");
    }
  }

  /** Finds the key a {@code KeyId} value names. */
  private Key resolve(String keyRef) {
    if (keyRef == null || keyRef.isEmpty()) {
      throw KmsError.required("keyId");
    }
    String name = keyRef;
    if (keyRef.startsWith("arn:")) {
      String[] parts = keyRef.split(":", 6);
      if (parts.length != 6 || !parts[1].equals("aws") || !parts[2].equals("kms")) {
        throw new KmsError(KmsError.NOT_FOUND, "Invalid arn " + keyRef);
      }
      if (!parts[3].equals(region) || !parts[4].equals(ACCOUNT)) {
        throw KmsError.notFound(keyRef);
      }
      name = parts[5];
      if (name.startsWith("key/")) {
        name = name.substring("key/".length());
      } else if (!name.startsWith("alias/")) {
        throw new KmsError(KmsError.NOT_FOUND, "Invalid arn " + keyRef);
      }
    }
    if (name.startsWith("alias/")) {
      Alias alias = aliases.get(name);
      if (alias == null) {
        throw new KmsError(KmsError.NOT_FOUND, "Alias " + aliasArn(name) + " is not found.");
      }
      return keys.get(alias.targetKeyId());
    }
    Key key = keys.get(name);
    if (key == null) {
      throw KmsError.notFound(keyRef.startsWith("arn:") ? keyRef : keyArn(name));
    }
    return key;
  }
}
