package io.chartline.common.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deployment's record-authentication keys: HMAC-SHA256 keys by id, the first of which signs.
 * Every process of a deployment that produces or consumes pipeline and audit records holds the
 * same ring; a key being retired stays in the ring (not first) until no record signed with it is
 * left on a topic. Written as {@code id:base64key} entries separated by commas or new lines.
 */
public final class RecordKeys {

  /** The HMAC algorithm the keys are for. */
  public static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_KEY_BYTES = 32;

  private final String activeId;
  private final Map<String, SecretKey> keys;

  private RecordKeys(String activeId, Map<String, SecretKey> keys) {
    this.activeId = activeId;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * @param text {@code id:base64key} entries separated by commas or new lines; the first signs
   * @throws IllegalArgumentException naming {@code setting} when an entry is malformed, an id
   *     repeats or a key is shorter than 32 bytes
   */
  public static RecordKeys parse(String text, String setting) {
    Objects.requireNonNull(text, setting);
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    for (String raw : text.split("[,\\n]")) {
      String entry = raw.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon);
      if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
        throw new IllegalArgumentException(setting + ": each entry is id:base64key with an id of 1-32 letters, "
            + "digits, '_' or '-'");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(setting + ": the key of '" + id + "' is not base64");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(setting + ": the key of '" + id + "' has " + key.length
            + " bytes; at least " + MIN_KEY_BYTES + " are required");
      }
      if (keys.put(id, new SecretKeySpec(key, ALGORITHM)) != null) {
        throw new IllegalArgumentException(setting + ": key id '" + id + "' appears twice");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(setting + " holds no key");
    }
    return new RecordKeys(keys.keySet().iterator().next(), keys);
  }

  /**
   * Reads the ring from {@code file}, creating it (owner-only, one fresh 256-bit key) when it does
   * not exist. Blocking: call it off the event loop.
   */
  public static RecordKeys loadOrCreate(Path file, String setting) {
    try {
      if (!Files.exists(file)) {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        String entry = "k1:" + Base64.getEncoder().encodeToString(key) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        Files.writeString(file, entry, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the directory's protection applies
        }
      }
      return parse(Files.readString(file, StandardCharsets.US_ASCII), setting);
    } catch (IOException e) {
      throw new UncheckedIOException(setting + " cannot be read or created", e);
    }
  }

  /** @return the id of the key that signs. */
  public String activeId() {
    return activeId;
  }

  SecretKey active() {
    return keys.get(activeId);
  }

  /** @return the key with {@code id}, or null when the ring does not hold it. */
  SecretKey byId(String id) {
    return keys.get(id);
  }

  @Override
  public String toString() {
    return "RecordKeys[active=" + activeId + ", ids=" + keys.keySet() + "]";
  }
}
