package io.chartline.bedrock.embed;

import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.chartline.common.tenant.TenantId;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Translates what the Bedrock runtime client fails with into a classified {@link TitanEmbedException}. */
final class TitanErrors {

  private TitanErrors() {
  }

  /**
   * @param failure what the SDK future failed with (completion wrappers are looked through)
   * @param modelId the configured model, named in configuration errors
   * @return the classified failure; its message carries the service's error code and request id, not its message text
   */
  static TitanEmbedException classify(Throwable failure, TenantId tenant, String modelId) {
    Throwable t = unwrap(failure);
    if (t instanceof TitanEmbedException e) {
      return e;
    }
    if (t instanceof AwsServiceException service) {
      return new TitanEmbedException(kindOf(service), tenant, describe(service, modelId), service);
    }
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return new TitanEmbedException(Kind.TIMEOUT, tenant, "the embedding call timed out", t);
    }
    if (t instanceof SdkClientException) {
      return new TitanEmbedException(Kind.TRANSIENT, tenant,
          "the embedding endpoint could not be reached (" + rootName(t) + ")", t);
    }
    return new TitanEmbedException(Kind.TRANSIENT, tenant, "the embedding call failed (" + t.getClass().getSimpleName() + ")", t);
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static Kind kindOf(AwsServiceException e) {
    if (e instanceof ThrottlingException || e instanceof ModelNotReadyException
        || e instanceof ServiceQuotaExceededException) {
      return Kind.THROTTLED;
    }
    if (e instanceof ValidationException) {
      return Kind.INPUT_REJECTED;
    }
    if (e instanceof AccessDeniedException) {
      return Kind.ACCESS_DENIED;
    }
    if (e instanceof ResourceNotFoundException) {
      return Kind.MODEL_NOT_FOUND;
    }
    if (e instanceof ModelTimeoutException) {
      return Kind.TIMEOUT;
    }
    if (e instanceof ServiceUnavailableException || e instanceof InternalServerException
        || e instanceof ModelErrorException) {
      return Kind.TRANSIENT;
    }
    int status = e.statusCode();
    if (status == 429 || e.isThrottlingException()) {
      return Kind.THROTTLED;
    }
    if (status == 401 || status == 403) {
      return Kind.ACCESS_DENIED; // unrecognised client, bad signature, expired credentials
    }
    if (status == 404) {
      return Kind.MODEL_NOT_FOUND;
    }
    if (status == 408) {
      return Kind.TIMEOUT;
    }
    if (status >= 400 && status < 500) {
      return Kind.INPUT_REJECTED;
    }
    return Kind.TRANSIENT;
  }

  private static String describe(AwsServiceException e, String modelId) {
    String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    String id = e.requestId() == null ? "" : ", request " + e.requestId();
    String what = switch (kindOf(e)) {
      case THROTTLED -> "the embedding model throttled the call";
      case INPUT_REJECTED -> "the embedding model refused the input";
      case ACCESS_DENIED -> "access to embedding model " + modelId
          + " was denied: check the credentials and that the role may call bedrock:InvokeModel on it";
      case MODEL_NOT_FOUND -> "embedding model " + modelId
          + " was not found in the region: check CHARTLINE_BEDROCK_EMBED_MODEL_ID and CHARTLINE_BEDROCK_REGION";
      case TIMEOUT -> "the embedding model timed out";
      default -> "the embedding service failed";
    };
    return what + " (" + code + ", HTTP " + e.statusCode() + id + ")";
  }

  private static String rootName(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
