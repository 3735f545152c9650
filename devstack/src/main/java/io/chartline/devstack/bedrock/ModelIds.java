package io.chartline.devstack.bedrock;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which model a request path names. Two families are served: Titan Text Embeddings V2
 * ({@value #TITAN_V2}, also as a foundation-model ARN) and Claude, as a model id of the form
 * {@code anthropic.claude-<name>-v<n>:<m>}, an inference profile id with a geographic prefix
 * ({@code us.}, {@code eu.}, {@code apac.}, {@code global.}, ...) or either as an ARN. Anything else
 * does not exist here.
 */
final class ModelIds {

  /** The Titan Text Embeddings V2 model id. */
  static final String TITAN_V2 = "amazon.titan-embed-text-v2:0";

  private static final Pattern FOUNDATION_ARN = Pattern.compile(
      "arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+::foundation-model/(.+)");
  private static final Pattern PROFILE_ARN = Pattern.compile(
      "arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+:\\d{12}:inference-profile/(.+)");
  private static final Pattern PROFILE_PREFIX = Pattern.compile("(us|eu|apac|global|jp|au|ca|us-gov)\\.(.+)");
  private static final Pattern CLAUDE = Pattern.compile("anthropic\\.claude-[a-z0-9][a-z0-9.-]*-v\\d+:\\d+");

  /** What a model id names. */
  enum Family {
    TITAN_EMBEDDINGS,
    CLAUDE
  }

  private ModelIds() {
  }

  /**
   * @param modelId the decoded {@code {modelId}} path segment
   * @return the family of the model
   * @throws BedrockError {@code ResourceNotFoundException} when no such model is served
   */
  static Family resolve(String modelId) {
    String id = modelId;
    Matcher foundation = FOUNDATION_ARN.matcher(id);
    Matcher profile = PROFILE_ARN.matcher(id);
    boolean profileForm = false;
    if (foundation.matches()) {
      id = foundation.group(2);
    } else if (profile.matches()) {
      id = profile.group(2);
      profileForm = true;
    }
    if (id.equals(TITAN_V2) && !profileForm) {
      return Family.TITAN_EMBEDDINGS;
    }
    Matcher prefixed = PROFILE_PREFIX.matcher(id);
    if (prefixed.matches()) {
      id = prefixed.group(2);
    } else if (profileForm) {
      throw notFound();
    }
    if (CLAUDE.matcher(id).matches()) {
      return Family.CLAUDE;
    }
    throw notFound();
  }

  private static BedrockError notFound() {
    return new BedrockError(BedrockError.Type.RESOURCE_NOT_FOUND,
        "The provided model identifier is invalid or the model is not available in this region.");
  }
}
