package io.chartline.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The KMS operations {@link LocalKms} implements — exactly those the product calls (CreateKey,
 * CreateAlias and ScheduleKeyDeletion for tenant keys; GenerateDataKey and Decrypt through the AWS
 * Encryption SDK; see docs/adr/0012) — as JSON in and JSON out, with the member names,
 * limits and error types of the AWS KMS API (JSON 1.1 protocol: blobs are base64, timestamps are
 * epoch seconds). Members that only matter to real AWS ({@code GrantTokens}, {@code Policy},
 * {@code BypassPolicyLockoutSafetyCheck}) are accepted and ignored; features this endpoint does not
 * have (other key specs, custom key stores, multi-Region keys, {@code Recipient}, {@code DryRun})
 * fail with {@code UnsupportedOperationException}.
 */
final class KmsOperations {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
  private static final int MAX_CIPHERTEXT = 6144;
  private static final int MAX_DATA_KEY = 1024;
  private static final int MAX_DESCRIPTION = 8192;

  private final KmsKeyring keyring;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Function<JsonNode, ObjectNode>> operations = new TreeMap<>();

  KmsOperations(KmsKeyring keyring) {
    this.keyring = keyring;
    operations.put("CreateKey", this::createKey);
    operations.put("CreateAlias", this::createAlias);
    operations.put("GenerateDataKey", this::generateDataKey);
    operations.put("Decrypt", this::decrypt);
    operations.put("ScheduleKeyDeletion", this::scheduleKeyDeletion);
  }

  /** Names of the implemented operations (without the {@code TrentService.} prefix), sorted. */
  Set<String> names() {
    return Collections.unmodifiableSet(operations.keySet());
  }

  /**
   * Runs one operation.
   *
   * @throws KmsError the KMS error to report; {@code UnknownOperationException} when the operation is
   *                  not implemented here
   */
  ObjectNode handle(String operation, JsonNode request) {
    Function<JsonNode, ObjectNode> handler = operations.get(operation);
    if (handler == null) {
      throw new KmsError(KmsError.UNKNOWN_OPERATION, "LocalKms does not implement TrentService." + operation
          + "; it implements " + String.join(", ", operations.keySet()));
    }
    return handler.apply(request);
  }

  // ---- keys and aliases ----

  private ObjectNode createKey(JsonNode request) {
    requireAbsentOr(request, "KeyUsage", "ENCRYPT_DECRYPT");
    requireAbsentOr(request, "KeySpec", SYMMETRIC_DEFAULT);
    requireAbsentOr(request, "CustomerMasterKeySpec", SYMMETRIC_DEFAULT);
    requireAbsentOr(request, "Origin", "AWS_KMS");
    for (String member : List.of("CustomKeyStoreId", "XksKeyId")) {
      if (text(request, member) != null) {
        throw unsupported(member);
      }
    }
    if (Boolean.TRUE.equals(bool(request, "MultiRegion"))) {
      throw unsupported("MultiRegion");
    }
    text(request, "Policy");
    String description = text(request, "Description");
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw KmsError.validation("Description must be at most " + MAX_DESCRIPTION + " characters");
    }
    tags(request);
    KmsKeyring.KeyInfo key = keyring.createKey(description == null ? "" : description);
    ObjectNode out = NODES.objectNode();
    out.set("KeyMetadata", keyMetadata(key));
    return out;
  }

  private ObjectNode createAlias(JsonNode request) {
    keyring.createAlias(requiredText(request, "AliasName"), requiredText(request, "TargetKeyId"));
    return NODES.objectNode();
  }

  // ---- cryptographic operations ----

  private ObjectNode generateDataKey(JsonNode request) {
    String keyId = requiredText(request, "KeyId");
    Map<String, String> context = context(request, "EncryptionContext");
    refuseExtras(request);
    int length = dataKeyLength(request);
    byte[] dataKey = new byte[length];
    random.nextBytes(dataKey);
    try {
      KmsKeyring.Sealed sealed = keyring.encrypt(keyId, dataKey, context);
      ObjectNode out = NODES.objectNode();
      out.put("CiphertextBlob", base64(sealed.blob()));
      out.put("Plaintext", base64(dataKey));
      out.put("KeyId", sealed.keyArn());
      out.put("KeyMaterialId", sealed.materialId());
      return out;
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private ObjectNode decrypt(JsonNode request) {
    byte[] blob = requiredBlob(request, "CiphertextBlob", MAX_CIPHERTEXT);
    Map<String, String> context = context(request, "EncryptionContext");
    String keyId = text(request, "KeyId");
    requireSymmetricAlgorithm(request, "EncryptionAlgorithm");
    refuseExtras(request);
    KmsKeyring.Opened opened = keyring.decrypt(blob, context, keyId);
    try {
      return NODES.objectNode().put("KeyId", opened.keyArn()).put("Plaintext", base64(opened.plaintext()))
          .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT).put("KeyMaterialId", opened.materialId());
    } finally {
      Arrays.fill(opened.plaintext(), (byte) 0);
    }
  }

  // ---- deletion ----

  private ObjectNode scheduleKeyDeletion(JsonNode request) {
    KmsKeyring.KeyInfo key = keyring.scheduleDeletion(requiredText(request, "KeyId"),
        integer(request, "PendingWindowInDays"));
    ObjectNode out = NODES.objectNode().put("KeyId", key.arn());
    out.put("DeletionDate", epochSeconds(key.deletionDate()));
    out.put("KeyState", key.state().name());
    out.put("PendingWindowInDays", key.pendingWindowInDays());
    return out;
  }

  // ---- JSON helpers ----

  private static ObjectNode keyMetadata(KmsKeyring.KeyInfo key) {
    ObjectNode node = NODES.objectNode()
        .put("AWSAccountId", KmsKeyring.ACCOUNT)
        .put("KeyId", key.keyId())
        .put("Arn", key.arn());
    node.put("CreationDate", epochSeconds(key.created()));
    node.put("Enabled", key.state() == KmsKeyring.KeyState.Enabled);
    node.put("Description", key.description());
    node.put("KeyUsage", "ENCRYPT_DECRYPT");
    node.put("KeyState", key.state().name());
    if (key.deletionDate() != null) {
      node.put("DeletionDate", epochSeconds(key.deletionDate()));
      node.put("PendingDeletionWindowInDays", key.pendingWindowInDays());
    }
    node.put("Origin", "AWS_KMS");
    node.put("KeyManager", "CUSTOMER");
    node.put("CustomerMasterKeySpec", SYMMETRIC_DEFAULT);
    node.put("KeySpec", SYMMETRIC_DEFAULT);
    node.putArray("EncryptionAlgorithms").add(SYMMETRIC_DEFAULT);
    node.put("MultiRegion", false);
    if (key.currentMaterialId() != null) {
      node.put("CurrentKeyMaterialId", key.currentMaterialId());
    }
    return node;
  }

  private int dataKeyLength(JsonNode request) {
    String spec = text(request, "KeySpec");
    Integer bytes = integer(request, "NumberOfBytes");
    if (spec != null && bytes != null) {
      throw KmsError.validation("KeySpec and NumberOfBytes are mutually exclusive: give one of them");
    }
    if (spec == null && bytes == null) {
      throw KmsError.validation("Please specify either number of bytes or key spec.");
    }
    if (spec != null) {
      return switch (spec) {
        case "AES_256" -> 32;
        case "AES_128" -> 16;
        default -> throw KmsError.validation("1 validation error detected: Value '" + spec
            + "' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]");
      };
    }
    if (bytes < 1 || bytes > MAX_DATA_KEY) {
      throw KmsError.validation("1 validation error detected: Value '" + bytes
          + "' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and " + MAX_DATA_KEY);
    }
    return bytes;
  }

  private static void refuseExtras(JsonNode request) {
    if (present(request, "Recipient")) {
      throw unsupported("Recipient");
    }
    if (Boolean.TRUE.equals(bool(request, "DryRun"))) {
      throw unsupported("DryRun");
    }
  }

  private static void requireSymmetricAlgorithm(JsonNode request, String member) {
    String algorithm = text(request, member);
    if (algorithm != null && !algorithm.equals(SYMMETRIC_DEFAULT)) {
      throw new KmsError(KmsError.INVALID_KEY_USAGE, "LocalKms keys are symmetric: " + member + " must be "
          + SYMMETRIC_DEFAULT + ", not " + algorithm);
    }
  }

  private static void requireAbsentOr(JsonNode request, String member, String only) {
    String value = text(request, member);
    if (value != null && !value.equals(only)) {
      throw new KmsError(KmsError.UNSUPPORTED, "LocalKms supports only symmetric encryption keys: " + member
          + " must be " + only + ", not " + value);
    }
  }

  private static KmsError unsupported(String member) {
    return new KmsError(KmsError.UNSUPPORTED, "LocalKms does not support " + member);
  }

  private static Map<String, String> tags(JsonNode request) {
    JsonNode tags = request.get("Tags");
    Map<String, String> out = new LinkedHashMap<>();
    if (tags == null || tags.isNull()) {
      return out;
    }
    if (!tags.isArray()) {
      throw serialization("Tags");
    }
    for (JsonNode tag : tags) {
      String key = text(tag, "TagKey");
      String value = text(tag, "TagValue");
      if (key == null || key.isEmpty() || key.length() > 128 || value == null || value.length() > 256) {
        throw new KmsError(KmsError.TAG, "Each tag needs a TagKey of 1 to 128 characters and a TagValue of at most "
            + "256 characters");
      }
      if (out.put(key, value) != null) {
        throw new KmsError(KmsError.TAG, "Duplicate tag key " + key);
      }
    }
    return out;
  }

  private static Map<String, String> context(JsonNode request, String member) {
    JsonNode node = request.get(member);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw serialization(member);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isTextual()) {
        throw serialization(member);
      }
      out.put(entry.getKey(), entry.getValue().asText());
    }
    return out;
  }

  private static boolean present(JsonNode request, String member) {
    JsonNode node = request.get(member);
    return node != null && !node.isNull();
  }

  private static String text(JsonNode request, String member) {
    JsonNode node = request.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw serialization(member);
    }
    return node.asText();
  }

  private static String requiredText(JsonNode request, String member) {
    String value = text(request, member);
    if (value == null || value.isEmpty()) {
      throw KmsError.required(Character.toLowerCase(member.charAt(0)) + member.substring(1));
    }
    return value;
  }

  private static Integer integer(JsonNode request, String member) {
    JsonNode node = request.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw serialization(member);
    }
    return node.intValue();
  }

  private static Boolean bool(JsonNode request, String member) {
    JsonNode node = request.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw serialization(member);
    }
    return node.booleanValue();
  }

  private static byte[] requiredBlob(JsonNode request, String member, int maxLength) {
    String encoded = text(request, member);
    if (encoded == null) {
      throw KmsError.required(Character.toLowerCase(member.charAt(0)) + member.substring(1));
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw serialization(member);
    }
    if (bytes.length < 1 || bytes.length > maxLength) {
      throw KmsError.validation("1 validation error detected: Value at '" + Character.toLowerCase(member.charAt(0))
          + member.substring(1) + "' failed to satisfy constraint: Member must have length between 1 and " + maxLength);
    }
    return bytes;
  }

  private static KmsError serialization(String member) {
    return new KmsError(KmsError.SERIALIZATION, "Cannot read member " + member + ": wrong JSON type or encoding");
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }
}
