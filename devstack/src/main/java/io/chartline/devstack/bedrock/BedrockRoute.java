package io.chartline.devstack.bedrock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The operation and model id of a request path, {@code POST /model/{modelId}/<operation>}. The SDK
 * percent-encodes the model id (a {@code :} becomes {@code %3A}, a {@code /} in an ARN {@code %2F}),
 * so the path splits cleanly on {@code /} before the id is decoded.
 *
 * @param operation the operation
 * @param modelId   the decoded model id, inference profile id or ARN
 */
record BedrockRoute(BedrockOperation operation, String modelId) {

  /**
   * @throws BedrockError {@code UnknownOperationException} (404) for any other method or path
   */
  static BedrockRoute parse(String method, String rawPath) {
    String[] parts = rawPath == null ? new String[0] : rawPath.split("/", -1);
    BedrockOperation operation = parts.length == 4 && parts[0].isEmpty() && parts[1].equals("model")
        && !parts[2].isEmpty() ? BedrockOperation.ofPathSuffix(parts[3]) : null;
    if (operation == null || !"POST".equals(method)) {
      throw new BedrockError(BedrockError.Type.UNKNOWN_OPERATION, "LocalBedrock answers POST /model/{modelId}/"
          + "invoke, /converse and /converse-stream only, not " + method + " " + describe(parts));
    }
    String modelId;
    try {
      modelId = URLDecoder.decode(parts[2].replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw BedrockError.validation("The model identifier in the path is not properly percent-encoded.");
    }
    return new BedrockRoute(operation, modelId);
  }

  /** The path's shape without its model id, which may name a customer's resource. */
  private static String describe(String[] parts) {
    if (parts.length >= 3 && parts[1].equals("model")) {
      return "/model/{modelId}/" + (parts.length > 3 ? parts[3] : "");
    }
    return parts.length > 1 ? "/" + parts[1] : "/";
  }
}
