package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Converse or ConverseStream body, checked for what Bedrock refuses: messages that do not start
 * with the user or do not alternate, documents outside user messages, more documents than allowed,
 * document names outside Bedrock's character set, citations enabled on some documents only, and
 * content this endpoint cannot read (images, PDFs, tool use, ...). The system prompt and any
 * instruction inside a document are read as data only: they change token counts, never the answer.
 *
 * @param documents   the document blocks, in request order
 * @param question    the text blocks of the last user message, joined by newlines
 * @param inputTokens the token estimate of everything sent
 * @param maxTokens   {@code inferenceConfig.maxTokens}, or 0 when not given
 */
record ConverseRequest(List<SourceDocument> documents, String question, int inputTokens, int maxTokens) {

  static final int MAX_DOCUMENT_BYTES = 4_718_592;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9()\\[\\]\\- \\t\\n\\r]{1,200}");
  private static final Pattern DOUBLE_SPACE = Pattern.compile("\\s\\s");
  private static final Set<String> TEXT_FORMATS = Set.of("txt", "md", "html", "csv");
  private static final Set<String> FORMATS = Set.of("pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md");

  ConverseRequest {
    documents = List.copyOf(documents);
  }

  /**
   * @throws BedrockError {@code ValidationException} for a body Bedrock would refuse or this endpoint cannot read
   */
  static ConverseRequest parse(ObjectMapper json, byte[] body, int maxDocuments) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw BedrockError.validation("The request body is not valid JSON.");
    }
    if (root == null || !root.isObject()) {
      throw BedrockError.validation("The request body must be a JSON object.");
    }
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw BedrockError.validation("The model requires at least one message. Add a message and try again.");
    }
    List<SourceDocument> documents = new ArrayList<>();
    int tokens = systemTokens(root.get("system"));
    String question = "";
    String previousRole = null;
    for (int m = 0; m < messages.size(); m++) {
      JsonNode message = messages.get(m);
      String role = message.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw BedrockError.validation("1 validation error detected: Value '" + role + "' at 'messages." + (m + 1)
            + ".member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
      }
      if (previousRole == null && !role.equals("user")) {
        throw BedrockError.validation("A conversation must start with a user message. Try again with a "
            + "conversation that starts with a user message.");
      }
      if (role.equals(previousRole)) {
        throw BedrockError.validation("A conversation must alternate between user and assistant roles. Make sure "
            + "the conversation alternates between user and assistant roles and try again.");
      }
      previousRole = role;
      JsonNode content = message.get("content");
      if (content == null || !content.isArray() || content.isEmpty()) {
        throw BedrockError.validation("The content field in the Message object at messages." + m
            + " is empty. Add a ContentBlock object to the content field and try again.");
      }
      StringBuilder text = new StringBuilder();
      for (int b = 0; b < content.size(); b++) {
        JsonNode block = content.get(b);
        String kind = blockKind(block, m, b);
        switch (kind) {
          case "text" -> {
            String value = block.get("text").asText();
            tokens += TokenEstimate.count(value);
            text.append(text.isEmpty() ? "" : "\n").append(value);
          }
          case "document" -> {
            if (!role.equals("user")) {
              throw BedrockError.validation("Documents can only be included in user messages: messages." + m
                  + ".content." + b + " is in an assistant message.");
            }
            SourceDocument document = document(block.get("document"), documents.size(), m, b);
            documents.add(document);
            for (String chunk : document.chunks()) {
              tokens += TokenEstimate.count(chunk);
            }
          }
          case "citationsContent" -> tokens += citedTokens(block.get("citationsContent"));
          case "cachePoint" -> { }
          default -> throw BedrockError.validation("LocalBedrock does not support " + kind
              + " content blocks (messages." + m + ".content." + b + "): it reads text and text documents only.");
        }
      }
      if (role.equals("user")) {
        question = text.toString();
      }
    }
    if (documents.size() > maxDocuments) {
      throw BedrockError.validation("You can include up to " + maxDocuments + " documents per request; this request has "
          + documents.size() + ".");
    }
    long cited = documents.stream().filter(SourceDocument::cited).count();
    if (cited != 0 && cited != documents.size()) {
      throw BedrockError.validation("Citations must be enabled on all or none of the documents in a request.");
    }
    return new ConverseRequest(documents, question, tokens, maxTokens(root.get("inferenceConfig")));
  }

  /** The one member a content block union sets. */
  private static String blockKind(JsonNode block, int m, int b) {
    if (block == null || !block.isObject() || block.size() != 1) {
      throw BedrockError.validation("The ContentBlock at messages." + m + ".content." + b
          + " must set exactly one member.");
    }
    String kind = block.fieldNames().next();
    if (kind.equals("text") && !block.get("text").isTextual()) {
      throw BedrockError.validation("The text at messages." + m + ".content." + b + " must be a string.");
    }
    return kind;
  }

  private static SourceDocument document(JsonNode document, int index, int m, int b) {
    String where = "messages." + m + ".content." + b + ".document";
    if (document == null || !document.isObject()) {
      throw BedrockError.validation("The document at " + where + " must be an object.");
    }
    String name = document.path("name").asText("");
    if (!NAME.matcher(name).matches() || DOUBLE_SPACE.matcher(name).find()) {
      throw BedrockError.validation("The document file name can only contain alphanumeric characters, whitespace "
          + "characters, hyphens, parentheses, and square brackets. The name can't contain more than one "
          + "consecutive whitespace character.");
    }
    String format = document.path("format").asText("txt");
    if (!FORMATS.contains(format)) {
      throw BedrockError.validation("1 validation error detected: Value '" + format + "' at '" + where
          + ".format' failed to satisfy constraint: Member must satisfy enum value set: " + FORMATS);
    }
    JsonNode source = document.get("source");
    if (source == null || !source.isObject() || source.size() != 1) {
      throw BedrockError.validation("The source at " + where + " must set exactly one of bytes, text, content "
          + "or s3Location.");
    }
    String sourceKind = source.fieldNames().next();
    if (!TEXT_FORMATS.contains(format) && !sourceKind.equals("text") && !sourceKind.equals("content")) {
      throw BedrockError.validation("LocalBedrock reads text documents only (txt, md, html, csv), not " + format + ".");
    }
    boolean cited = document.path("citations").path("enabled").asBoolean(false);
    List<String> chunks = new ArrayList<>();
    boolean byChunk = false;
    switch (sourceKind) {
      case "text" -> chunks.add(source.get("text").asText());
      case "bytes" -> {
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(source.get("bytes").asText());
        } catch (IllegalArgumentException e) {
          throw BedrockError.validation("The bytes at " + where + ".source are not valid base64.");
        }
        if (bytes.length > MAX_DOCUMENT_BYTES) {
          throw BedrockError.validation("The document at " + where + " is larger than 4.5 MB.");
        }
        chunks.add(new String(bytes, StandardCharsets.UTF_8));
      }
      case "content" -> {
        byChunk = true;
        for (Iterator<JsonNode> it = source.get("content").elements(); it.hasNext(); ) {
          JsonNode chunk = it.next();
          if (!chunk.path("text").isTextual()) {
            throw BedrockError.validation("Each content block of " + where + ".source.content must have text.");
          }
          chunks.add(chunk.get("text").asText());
        }
        if (chunks.isEmpty()) {
          throw BedrockError.validation("The content of " + where + ".source must not be empty.");
        }
      }
      default -> throw BedrockError.validation("LocalBedrock does not read " + sourceKind + " document sources.");
    }
    long size = chunks.stream().mapToLong(String::length).sum();
    if (size > MAX_DOCUMENT_BYTES) {
      throw BedrockError.validation("The document at " + where + " is larger than 4.5 MB.");
    }
    return new SourceDocument(index, name, chunks, byChunk, cited);
  }

  private static int systemTokens(JsonNode system) {
    int tokens = 0;
    if (system != null && system.isArray()) {
      for (JsonNode block : system) {
        tokens += TokenEstimate.count(block.path("text").asText(""));
      }
    }
    return tokens;
  }

  private static int citedTokens(JsonNode cited) {
    int tokens = 0;
    for (JsonNode part : cited.path("content")) {
      tokens += TokenEstimate.count(part.path("text").asText(""));
    }
    return tokens;
  }

  private static int maxTokens(JsonNode inference) {
    JsonNode max = inference == null ? null : inference.get("maxTokens");
    if (max == null || max.isNull()) {
      return 0;
    }
    if (!max.isIntegralNumber() || max.asLong() < 1 || max.asLong() > Integer.MAX_VALUE) {
      throw BedrockError.validation("1 validation error detected: Value at 'inferenceConfig.maxTokens' failed to "
          + "satisfy constraint: Member must have value greater than or equal to 1");
    }
    return max.intValue();
  }
}
