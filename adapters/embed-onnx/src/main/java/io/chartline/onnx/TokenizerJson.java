package io.chartline.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the parts of a HuggingFace {@code tokenizer.json} that a BERT uncased WordPiece
 * tokenizer needs: the vocabulary, the unknown token, the continuation prefix and the longest
 * word. Its {@code truncation} and {@code padding} sections are deliberately ignored: the
 * caller chooses the maximum length (the MiniLM file shipped by LangChain4j says 128, which
 * would silently cut long chunks).
 */
record TokenizerJson(
    Map<String, Integer> vocab, String unkToken, String continuationPrefix, int maxInputCharsPerWord) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * @throws IllegalArgumentException when the resource is missing or is not a lower-casing
   *     BERT WordPiece tokenizer
   * @throws UncheckedIOException when it cannot be read
   */
  static TokenizerJson fromClasspath(String resource) {
    try (InputStream in = TokenizerJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("tokenizer resource not found on the classpath: " + resource);
      }
      return parse(MAPPER.readTree(in), resource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer resource " + resource, e);
    }
  }

  private static TokenizerJson parse(JsonNode root, String resource) {
    JsonNode model = root.path("model");
    JsonNode normalizer = root.path("normalizer");
    if (!"WordPiece".equals(model.path("type").asText())
        || !"BertNormalizer".equals(normalizer.path("type").asText())
        || !normalizer.path("lowercase").asBoolean(false)) {
      throw new IllegalArgumentException("not a BERT uncased WordPiece tokenizer: " + resource);
    }
    Map<String, Integer> vocab = new HashMap<>(model.path("vocab").size() * 2);
    for (Map.Entry<String, JsonNode> entry : model.path("vocab").properties()) {
      vocab.put(entry.getKey(), entry.getValue().asInt());
    }
    if (vocab.isEmpty()) {
      throw new IllegalArgumentException("tokenizer has an empty vocabulary: " + resource);
    }
    return new TokenizerJson(
        Map.copyOf(vocab),
        model.path("unk_token").asText("[UNK]"),
        model.path("continuing_subword_prefix").asText("##"),
        model.path("max_input_chars_per_word").asInt(100));
  }
}
