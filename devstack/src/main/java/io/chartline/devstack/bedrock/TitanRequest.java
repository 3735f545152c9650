package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A Titan Text Embeddings V2 InvokeModel body, checked as Titan checks it: {@code inputText}
 * (required, 1 to 50,000 characters, at most 8,192 tokens), {@code dimensions} (256, 512 or 1024;
 * default 1024), {@code normalize} (default true), {@code embeddingTypes} ({@code float} and/or
 * {@code binary}; default float), nothing else.
 *
 * @param inputText  the text to embed
 * @param dimensions the vector length asked for
 * @param normalize  whether the vector must have unit length
 * @param floats     whether {@code embeddingsByType} carries {@code float}
 * @param binary     whether {@code embeddingsByType} carries {@code binary}
 * @param tokens     the input's token count
 */
record TitanRequest(String inputText, int dimensions, boolean normalize, boolean floats, boolean binary,
                    int tokens) {

  static final int MAX_CHARACTERS = 50_000;
  static final int MAX_TOKENS = 8_192;
  private static final Set<String> KEYS = Set.of("inputText", "dimensions", "normalize", "embeddingTypes");
  private static final Set<Integer> DIMENSIONS = Set.of(256, 512, 1024);

  /**
   * @throws BedrockError {@code ValidationException} with Titan's wording for a body it would refuse
   */
  static TitanRequest parse(ObjectMapper json, byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw BedrockError.validation("Malformed input request, please reformat your input and try again.");
    }
    if (root == null || !root.isObject()) {
      throw BedrockError.malformed("#: expected type: JSONObject, found: " + typeName(root));
    }
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      if (!KEYS.contains(entry.getKey())) {
        throw BedrockError.malformed("#: extraneous key [" + entry.getKey() + "] is not permitted");
      }
    }
    JsonNode text = root.get("inputText");
    if (text == null) {
      throw BedrockError.malformed("#: required key [inputText] not found");
    }
    if (!text.isTextual()) {
      throw BedrockError.malformed("#/inputText: expected type: String, found: " + typeName(text));
    }
    String inputText = text.asText();
    if (inputText.isEmpty()) {
      throw BedrockError.malformed("#/inputText: expected minLength: 1, actual: 0");
    }
    if (inputText.length() > MAX_CHARACTERS) {
      throw BedrockError.malformed("#/inputText: expected maxLength: " + MAX_CHARACTERS + ", actual: "
          + inputText.length());
    }
    int dimensions = dimensions(root.get("dimensions"));
    boolean normalize = normalize(root.get("normalize"));
    boolean[] types = embeddingTypes(root.get("embeddingTypes"));
    int tokens = TokenEstimate.count(inputText);
    if (tokens > MAX_TOKENS) {
      throw BedrockError.validation("400 Bad Request: Too many input tokens. Max input tokens: " + MAX_TOKENS
          + ", request input token count: " + tokens);
    }
    return new TitanRequest(inputText, dimensions, normalize, types[0], types[1], tokens);
  }

  /** The response body: {@code embedding}, {@code inputTextTokenCount}, {@code embeddingsByType}. */
  ObjectNode response(ObjectMapper json, float[] vector) {
    ObjectNode out = json.createObjectNode();
    floats(out.putArray("embedding"), vector);
    out.put("inputTextTokenCount", tokens);
    ObjectNode byType = out.putObject("embeddingsByType");
    if (floats) {
      floats(byType.putArray("float"), vector);
    }
    if (binary) {
      ArrayNode bits = byType.putArray("binary");
      for (float v : vector) {
        bits.add(v > 0 ? 1 : 0);
      }
    }
    return out;
  }

  private static void floats(ArrayNode array, float[] vector) {
    for (float v : vector) {
      array.add(v);
    }
  }

  private static int dimensions(JsonNode node) {
    if (node == null || node.isNull()) {
      return 1024;
    }
    if (!node.isIntegralNumber()) {
      throw BedrockError.malformed("#/dimensions: expected type: Integer, found: " + typeName(node));
    }
    if (!node.canConvertToInt() || !DIMENSIONS.contains(node.intValue())) {
      throw BedrockError.malformed("#/dimensions: " + node.asText() + " is not a valid enum value");
    }
    return node.intValue();
  }

  private static boolean normalize(JsonNode node) {
    if (node == null || node.isNull()) {
      return true;
    }
    if (!node.isBoolean()) {
      throw BedrockError.malformed("#/normalize: expected type: Boolean, found: " + typeName(node));
    }
    return node.booleanValue();
  }

  private static boolean[] embeddingTypes(JsonNode node) {
    if (node == null || node.isNull()) {
      return new boolean[] {true, false};
    }
    if (!node.isArray()) {
      throw BedrockError.malformed("#/embeddingTypes: expected type: JSONArray, found: " + typeName(node));
    }
    if (node.isEmpty()) {
      throw BedrockError.malformed("#/embeddingTypes: expected minimum item count: 1, found: 0");
    }
    boolean[] types = new boolean[2];
    for (int i = 0; i < node.size(); i++) {
      String type = node.get(i).isTextual() ? node.get(i).asText() : node.get(i).toString();
      switch (type) {
        case "float" -> types[0] = true;
        case "binary" -> types[1] = true;
        default -> throw BedrockError.malformed("#/embeddingTypes/" + i + ": " + type + " is not a valid enum value");
      }
    }
    return types;
  }

  private static String typeName(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "JSONArray";
      case OBJECT -> "JSONObject";
      case BOOLEAN -> "Boolean";
      case NUMBER -> node.isIntegralNumber() ? "Integer" : "BigDecimal";
      case STRING -> "String";
      default -> node.getNodeType().name();
    };
  }
}
