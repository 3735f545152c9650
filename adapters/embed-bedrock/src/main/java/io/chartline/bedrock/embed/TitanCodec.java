package io.chartline.bedrock.embed;

import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * The Titan Text Embeddings V2 wire format: {@code {"inputText", "dimensions", "normalize": true}}
 * in, {@code {"embedding": [...], "inputTextTokenCount": n}} out. A response that is not exactly an
 * embedding of the configured dimension fails; no vector is ever guessed from it.
 */
final class TitanCodec {

  /** One embedded text (or part of one). {@code tokens} is -1 when the response did not say. */
  record Embedded(float[] vector, int tokens) {
  }

  private final String modelId;
  private final int dimensions;

  TitanCodec(String modelId, int dimensions) {
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.dimensions = dimensions;
  }

  InvokeModelRequest request(String text) {
    String body = new JsonObject().put("inputText", text).put("dimensions", dimensions).put("normalize", true).encode();
    return InvokeModelRequest.builder()
        .modelId(modelId)
        .contentType("application/json")
        .accept("application/json")
        .body(SdkBytes.fromUtf8String(body))
        .build();
  }

  /**
   * @return the unit vector (re-normalised, so rounding on the wire never leaks into scores) and
   *     the token count the model reports
   * @throws TitanEmbedException of kind {@link Kind#MALFORMED_RESPONSE} when the body is not a
   *     Titan embedding of the configured dimension with finite, not all zero, values
   */
  Embedded decode(InvokeModelResponse response, TenantId tenant) {
    JsonObject json;
    try {
      SdkBytes body = response == null ? null : response.body();
      json = body == null ? null : new JsonObject(Buffer.buffer(body.asByteArray()));
    } catch (DecodeException | ClassCastException e) {
      throw malformed(tenant, "the body is not a JSON object");
    }
    if (json == null) {
      throw malformed(tenant, "the body is empty");
    }
    Object raw = json.getValue("embedding");
    if (!(raw instanceof JsonArray values)) {
      throw malformed(tenant, "it has no embedding array");
    }
    if (values.size() != dimensions) {
      throw malformed(tenant, "its embedding has " + values.size() + " dimensions, " + dimensions + " are configured");
    }
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      if (!(values.getValue(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw malformed(tenant, "its embedding holds a value that is not a finite number");
      }
      vector[i] = n.floatValue();
      norm += (double) vector[i] * vector[i];
    }
    if (norm == 0 || !Double.isFinite(norm)) {
      throw malformed(tenant, "its embedding is all zeros");
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      vector[i] *= scale;
    }
    Object count = json.getValue("inputTextTokenCount");
    int tokens = count instanceof Number n && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE ? n.intValue() : -1;
    return new Embedded(vector, tokens);
  }

  private TitanEmbedException malformed(TenantId tenant, String why) {
    return new TitanEmbedException(Kind.MALFORMED_RESPONSE, tenant,
        "the embedding model " + modelId + " answered with a malformed response: " + why, null);
  }
}
