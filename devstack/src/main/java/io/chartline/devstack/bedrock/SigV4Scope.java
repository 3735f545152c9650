package io.chartline.devstack.bedrock;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a request is SigV4-signed for Bedrock in this endpoint's region: an
 * {@code Authorization} header of the {@code AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/bedrock/aws4_request,
 * SignedHeaders=..., Signature=<hex>} form and an {@code X-Amz-Date}. The signature itself is not
 * verified: the endpoint serves loopback tests with throw-away credentials, and checking it would
 * add a canonical-request implementation without catching any fault of the product's, whose signing
 * is the SDK's. A request that is not signed at all, or signed for another region or service, is
 * refused as AWS refuses it.
 */
final class SigV4Scope {

  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,\\s*"
          + "SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})");
  private static final Pattern AMZ_DATE = Pattern.compile("\\d{8}T\\d{6}Z");
  private static final String SERVICE = "bedrock";

  private final String region;

  SigV4Scope(String region) {
    this.region = region;
  }

  /**
   * @throws BedrockError {@code MissingAuthenticationTokenException} without an Authorization header,
   *                      {@code IncompleteSignatureException} when it or {@code X-Amz-Date} is malformed,
   *                      {@code InvalidSignatureException} when it is scoped to another region or service
   */
  void check(String authorization, String amzDate) {
    if (authorization == null || authorization.isBlank()) {
      throw new BedrockError(BedrockError.Type.MISSING_AUTHENTICATION, "Missing Authentication Token");
    }
    Matcher matcher = AUTHORIZATION.matcher(authorization.trim());
    if (!matcher.matches()) {
      throw new BedrockError(BedrockError.Type.INCOMPLETE_SIGNATURE,
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' of the AWS4-HMAC-SHA256 form.");
    }
    if (amzDate == null || !AMZ_DATE.matcher(amzDate).matches() || !amzDate.startsWith(matcher.group(2))) {
      throw new BedrockError(BedrockError.Type.INCOMPLETE_SIGNATURE,
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header matching its scope.");
    }
    if (!matcher.group(3).equals(region)) {
      throw new BedrockError(BedrockError.Type.INVALID_SIGNATURE,
          "Credential should be scoped to a valid region, not '" + matcher.group(3) + "'. This endpoint serves '"
              + region + "'.");
    }
    if (!matcher.group(4).equals(SERVICE)) {
      throw new BedrockError(BedrockError.Type.INVALID_SIGNATURE,
          "Credential should be scoped to correct service: '" + SERVICE + "'.");
    }
  }
}
