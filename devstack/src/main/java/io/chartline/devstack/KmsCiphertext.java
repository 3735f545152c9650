package io.chartline.devstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ciphertext blobs {@link LocalKms} hands out, and the AES-256-GCM sealing behind them.
 *
 * <p>Layout (version 1), all integers big-endian:
 * <pre>
 *   0      1 byte    version (1)
 *   1     16 bytes   key id (UUID, most then least significant bits)
 *   17     4 bytes   material version of that key (0 = the material it was created with)
 *   21    12 bytes   GCM IV (random)
 *   33     n bytes   ciphertext followed by the 16-byte GCM tag
 * </pre>
 * The additional authenticated data is the 21-byte header followed by the canonical encryption
 * context ({@link #canonicalContext}), so neither the key reference nor the context can be changed
 * without {@link #open} failing. The format is private to LocalKms: callers must treat blobs as
 * opaque, exactly as with AWS KMS.
 */
final class KmsCiphertext {

  static final byte VERSION = 1;
  static final int HEADER_LENGTH = 1 + 16 + 4;
  static final int IV_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  /** A blob split into its parts; nothing is authenticated until {@link #open}. */
  record Parsed(UUID keyId, int materialVersion, byte[] header, byte[] iv, byte[] sealed) {
  }

  private KmsCiphertext() {
  }

  /** Encrypts {@code plaintext} under {@code material} (32 bytes) and returns the blob. */
  static byte[] seal(UUID keyId, int materialVersion, byte[] material, byte[] plaintext,
      Map<String, String> context, SecureRandom random) {
    byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(VERSION)
        .putLong(keyId.getMostSignificantBits()).putLong(keyId.getLeastSignificantBits())
        .putInt(materialVersion).array();
    byte[] iv = new byte[IV_LENGTH];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(material, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
      cipher.updateAAD(header);
      cipher.updateAAD(canonicalContext(context));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(HEADER_LENGTH + IV_LENGTH + sealed.length).put(header).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new KmsError(KmsError.INTERNAL, "encryption failed: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Splits a blob without decrypting it.
   *
   * @throws KmsError {@code InvalidCiphertextException} when it is too short or of another version
   */
  static Parsed parse(byte[] blob) {
    if (blob.length < HEADER_LENGTH + IV_LENGTH + TAG_LENGTH || blob[0] != VERSION) {
      throw invalid();
    }
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    buffer.get(); // blocking-ok: skips the format byte of an in-memory buffer
    UUID keyId = new UUID(buffer.getLong(), buffer.getLong());
    int materialVersion = buffer.getInt();
    if (materialVersion < 0) {
      throw invalid();
    }
    byte[] header = Arrays.copyOfRange(blob, 0, HEADER_LENGTH);
    byte[] iv = Arrays.copyOfRange(blob, HEADER_LENGTH, HEADER_LENGTH + IV_LENGTH);
    byte[] sealed = Arrays.copyOfRange(blob, HEADER_LENGTH + IV_LENGTH, blob.length);
    return new Parsed(keyId, materialVersion, header, iv, sealed);
  }

  /**
   * Authenticates and decrypts.
   *
   * @throws KmsError {@code InvalidCiphertextException} when the blob was altered or the encryption
   *                  context differs from the one it was sealed with
   */
  static byte[] open(Parsed parsed, byte[] material, Map<String, String> context) {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(material, "AES"),
          new GCMParameterSpec(TAG_LENGTH * 8, parsed.iv()));
      cipher.updateAAD(parsed.header());
      cipher.updateAAD(canonicalContext(context));
      return cipher.doFinal(parsed.sealed());
    } catch (AEADBadTagException e) {
      throw invalid();
    } catch (GeneralSecurityException e) {
      throw new KmsError(KmsError.INTERNAL, "decryption failed: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The encryption context as bytes independent of map order: the number of pairs, then each pair
   * sorted by the unsigned UTF-8 bytes of its key, as length-prefixed UTF-8 key and value. A
   * missing context and an empty one are the same (as in KMS).
   */
  static byte[] canonicalContext(Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      return new byte[4];
    }
    List<byte[][]> pairs = new ArrayList<>(context.size());
    int length = 4;
    for (Map.Entry<String, String> entry : context.entrySet()) {
      byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
      pairs.add(new byte[][] {key, value});
      length += 8 + key.length + value.length;
    }
    pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    ByteBuffer out = ByteBuffer.allocate(length).putInt(pairs.size());
    for (byte[][] pair : pairs) {
      out.putInt(pair[0].length).put(pair[0]).putInt(pair[1].length).put(pair[1]);
    }
    return out.array();
  }

  private static KmsError invalid() {
    return new KmsError(KmsError.INVALID_CIPHERTEXT,
        "The ciphertext is not a LocalKms blob, was altered, or its encryption context does not match");
  }
}
