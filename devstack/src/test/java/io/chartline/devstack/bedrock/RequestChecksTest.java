package io.chartline.devstack.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Signature scope, paths and model ids, without the wire. */
class RequestChecksTest {

  private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request, "
      + "SignedHeaders=host;x-amz-date, Signature=" + "ab".repeat(32);

  @Test
  void aSignatureScopedToThisRegionAndBedrockPasses() {
    new SigV4Scope("us-east-1").check(SIGNED, "20250101T120000Z");
  }

  @Test
  void missingMalformedOrMisscopedSignaturesAreRefusedAsAwsRefusesThem() {
    SigV4Scope scope = new SigV4Scope("us-east-1");
    assertThat(type(() -> scope.check(null, null))).isEqualTo(BedrockError.Type.MISSING_AUTHENTICATION);
    assertThat(type(() -> scope.check("Bearer x", "20250101T120000Z")))
        .isEqualTo(BedrockError.Type.INCOMPLETE_SIGNATURE);
    assertThat(type(() -> scope.check(SIGNED, null))).isEqualTo(BedrockError.Type.INCOMPLETE_SIGNATURE);
    assertThat(type(() -> scope.check(SIGNED, "20250102T120000Z"))).as("date outside the credential scope")
        .isEqualTo(BedrockError.Type.INCOMPLETE_SIGNATURE);
    assertThat(type(() -> scope.check(SIGNED.replace("us-east-1", "eu-west-1"), "20250101T120000Z")))
        .isEqualTo(BedrockError.Type.INVALID_SIGNATURE);
    assertThat(type(() -> scope.check(SIGNED.replace("/bedrock/", "/kms/"), "20250101T120000Z")))
        .isEqualTo(BedrockError.Type.INVALID_SIGNATURE);
  }

  @Test
  void pathsNameTheOperationAndTheDecodedModelId() {
    BedrockRoute route = BedrockRoute.parse("POST", "/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
    assertThat(route.operation()).isEqualTo(BedrockOperation.CONVERSE_STREAM);
    assertThat(route.modelId()).isEqualTo("us.anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(type(() -> BedrockRoute.parse("GET", "/model/x/invoke"))).isEqualTo(BedrockError.Type.UNKNOWN_OPERATION);
    assertThat(type(() -> BedrockRoute.parse("POST", "/model/x/invoke-with-response-stream")))
        .isEqualTo(BedrockError.Type.UNKNOWN_OPERATION);
    assertThatThrownBy(() -> BedrockRoute.parse("POST", "/guardrail/secret-name/version/1/apply"))
        .hasMessageNotContaining("secret-name");
  }

  @Test
  void titanClaudeAndTheirArnsResolveAndAnythingElseIsNotFound() {
    assertThat(ModelIds.resolve("amazon.titan-embed-text-v2:0")).isEqualTo(ModelIds.Family.TITAN_EMBEDDINGS);
    assertThat(ModelIds.resolve("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"))
        .isEqualTo(ModelIds.Family.CLAUDE);
    assertThat(ModelIds.resolve("apac.anthropic.claude-sonnet-4-20250514-v1:0")).isEqualTo(ModelIds.Family.CLAUDE);
    for (String unknown : new String[] {"amazon.titan-embed-text-v1", "us.amazon.titan-embed-text-v2:0",
        "anthropic.claude-v2", "meta.llama3-70b-instruct-v1:0", "xx.anthropic.claude-3-haiku-20240307-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/anthropic.claude-3-haiku-20240307-v1:0"}) {
      assertThat(type(() -> ModelIds.resolve(unknown))).as(unknown).isEqualTo(BedrockError.Type.RESOURCE_NOT_FOUND);
    }
  }

  private static BedrockError.Type type(Runnable check) {
    try {
      check.run();
    } catch (BedrockError e) {
      return e.type();
    }
    throw new AssertionError("no error");
  }
}
