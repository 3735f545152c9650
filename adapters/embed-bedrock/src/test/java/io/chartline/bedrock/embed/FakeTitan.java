package io.chartline.bedrock.embed;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * An in-memory Bedrock runtime answering InvokeModel as Titan V2 does, after a latency on
 * {@link ManualTime}: a deterministic unit vector per text, a token count of one per five
 * characters. A behaviour can answer a call with an exception or another body instead, and an
 * optional requests-per-minute quota throttles what exceeds it.
 */
final class FakeTitan implements BedrockRuntimeAsyncClient {

  /** Answers a call: return null for the normal embedding, a Throwable to fail, or a JsonObject body. */
  interface Behaviour extends BiFunction<String, Integer, Object> {
  }

  record Call(String text, int dimensions, boolean normalize, String modelId) {
  }

  private final ManualTime time;
  final List<Call> calls = new ArrayList<>();
  final Map<String, Integer> embedded = new HashMap<>();
  private final Map<String, Integer> attemptsPerText = new HashMap<>();
  Behaviour behaviour = (text, attempt) -> null;
  BiFunction<String, Integer, Duration> latency = (text, attempt) -> Duration.ofMillis(50);
  /** How long a call takes to reach the service, where the quota is counted (queues on the way). */
  BiFunction<String, Integer, Duration> arrival = (text, attempt) -> Duration.ZERO;
  private double quotaPerMinute = Double.POSITIVE_INFINITY;
  private double quotaLevel;
  private Instant quotaUpdated;
  int inFlight;
  int maxInFlight;
  int throttled;
  boolean closed;

  FakeTitan(ManualTime time) {
    this.time = time;
  }

  /** Throttles calls beyond {@code perMinute}, counted as a bucket of one second (four times the embedder's own). */
  void quota(double perMinute) {
    quotaPerMinute = perMinute;
    quotaLevel = 0;
    quotaUpdated = time.instant();
  }

  /** As {@link #quota}, with the bucket full: a service that has been idle. */
  void fullQuota(double perMinute) {
    quota(perMinute);
    quotaLevel = Math.max(1, perMinute / 60);
  }

  @Override
  public CompletableFuture<InvokeModelResponse> invokeModel(InvokeModelRequest request) {
    JsonObject body = new JsonObject(request.body().asUtf8String());
    String text = body.getString("inputText");
    int dimensions = body.getInteger("dimensions");
    calls.add(new Call(text, dimensions, body.getBoolean("normalize"), request.modelId()));
    int attempt = attemptsPerText.merge(text, 1, Integer::sum);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    CompletableFuture<InvokeModelResponse> f = new CompletableFuture<>();
    Duration toArrive = arrival.apply(text, attempt);
    Runnable served = () -> {
      boolean overQuota = overQuota();
      time.schedule(latency.apply(text, attempt), () -> {
        inFlight--;
        Object outcome = overQuota
            ? ThrottlingException.builder().message("Too many requests, please wait before trying again.").statusCode(429).build()
            : behaviour.apply(text, attempt);
        if (outcome instanceof Throwable t) {
          if (t instanceof ThrottlingException) {
            throttled++;
          }
          f.completeExceptionally(t);
          return;
        }
        JsonObject json = outcome instanceof JsonObject j ? j : response(text, dimensions);
        if (outcome == null) {
          embedded.merge(text, 1, Integer::sum);
        }
        f.complete(InvokeModelResponse.builder().contentType("application/json")
            .body(SdkBytes.fromUtf8String(json.encode())).build());
      });
    };
    if (toArrive.isZero()) {
      served.run();
    } else {
      time.schedule(toArrive, served);
    }
    return f;
  }

  private boolean overQuota() {
    if (Double.isInfinite(quotaPerMinute)) {
      return false;
    }
    double elapsed = Duration.between(quotaUpdated, time.instant()).toNanos() / 60e9;
    quotaLevel = Math.min(Math.max(1, quotaPerMinute / 60), quotaLevel + elapsed * quotaPerMinute);
    quotaUpdated = time.instant();
    if (quotaLevel < 1) {
      return true;
    }
    quotaLevel -= 1;
    return false;
  }

  static JsonObject response(String text, int dimensions) {
    JsonArray values = new JsonArray();
    for (float v : vectorOf(text, dimensions)) {
      values.add(v);
    }
    return new JsonObject().put("embedding", values).put("inputTextTokenCount", Math.max(1, text.length() / 5));
  }

  /** The unit vector the fake model gives {@code text}. */
  static float[] vectorOf(String text, int dimensions) {
    Random random = new Random(text.hashCode());
    float[] v = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dimensions; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  int callsFor(String text) {
    return attemptsPerText.getOrDefault(text, 0);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    closed = true;
  }
}
