package io.chartline.devstack.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/** The real SDK clients, pointed at a {@link LocalBedrock}, with SDK retries off so every error surfaces. */
final class BedrockClients {

  static final ObjectMapper JSON = new ObjectMapper();

  private BedrockClients() {
  }

  /** The async client on the Netty HTTP client with its default settings (HTTP/2 as the SDK picks it). */
  static BedrockRuntimeAsyncClient async(LocalBedrock bedrock) {
    return BedrockRuntimeAsyncClient.builder()
        .endpointOverride(bedrock.endpoint())
        .region(Region.of(bedrock.region()))
        .credentialsProvider(credentials(bedrock))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The sync client on Apache HttpClient 5 (HTTP/1.1). */
  static BedrockRuntimeClient sync(LocalBedrock bedrock) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(bedrock.endpoint())
        .region(Region.of(bedrock.region()))
        .credentialsProvider(credentials(bedrock))
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static StaticCredentialsProvider credentials(LocalBedrock bedrock) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(bedrock.accessKey(), bedrock.secretKey()));
  }

  /** A Titan V2 request body. */
  static SdkBytes titanBody(String text, Integer dimensions, Boolean normalize) {
    var body = JSON.createObjectNode().put("inputText", text);
    if (dimensions != null) {
      body.put("dimensions", dimensions);
    }
    if (normalize != null) {
      body.put("normalize", normalize);
    }
    return SdkBytes.fromUtf8String(body.toString());
  }

  static JsonNode json(InvokeModelResponse response) {
    try {
      return JSON.readTree(response.body().asByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] vector(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).doubleValue();
    }
    return out;
  }

  static double norm(float[] v) {
    return Math.sqrt(dot(v, v));
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  static double cosine(float[] a, float[] b) {
    return dot(a, b) / (norm(a) * norm(b));
  }
}
