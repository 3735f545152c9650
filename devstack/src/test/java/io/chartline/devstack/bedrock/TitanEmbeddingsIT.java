package io.chartline.devstack.bedrock;

import static io.chartline.devstack.bedrock.BedrockClients.cosine;
import static io.chartline.devstack.bedrock.BedrockClients.json;
import static io.chartline.devstack.bedrock.BedrockClients.norm;
import static io.chartline.devstack.bedrock.BedrockClients.titanBody;
import static io.chartline.devstack.bedrock.BedrockClients.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Titan Text Embeddings V2 on {@link LocalBedrock} through the real SDK clients: the async client on
 * Netty with its default protocol, and the sync client on Apache HttpClient 5.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TitanEmbeddingsIT {

  private static final WordTrigramVectors MODEL = new WordTrigramVectors(3.0);
  private static LocalBedrock real;
  private static LocalBedrock fast;
  private static BedrockRuntimeAsyncClient async;
  private static BedrockRuntimeClient sync;
  private static BedrockRuntimeClient fastSync;

  @BeforeAll
  static void start() throws Exception {
    real = LocalBedrock.start(LocalBedrockOptions.defaults().withVectors(MODEL));
    fast = LocalBedrock.start();
    async = BedrockClients.async(real);
    sync = BedrockClients.sync(real);
    fastSync = BedrockClients.sync(fast);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {async, sync, fastSync, real, fast}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 512, 1024})
  void projectedEmbeddingsAreUnitLengthAndKeepTheModelsSimilarities(int dimensions) {
    String a = "Patient reports chest pain radiating to the left arm since this morning.";
    String b = "Since this morning the patient has had chest pain that radiates into the left arm.";
    String c = "Quarterly invoice for the parking garage, payable within thirty days.";

    float[] va = embed(a, dimensions);
    float[] vb = embed(b, dimensions);
    float[] vc = embed(c, dimensions);

    assertThat(va).hasSize(dimensions);
    assertThat(norm(va)).isCloseTo(1.0, within(1e-5));
    assertThat(norm(vc)).isCloseTo(1.0, within(1e-5));
    assertThat(cosine(va, vb)).as("similar texts are closer than unrelated ones").isGreaterThan(cosine(va, vc) + 0.2);
    double modelAb = cosine(MODEL.vector(a), MODEL.vector(b));
    double modelAc = cosine(MODEL.vector(a), MODEL.vector(c));
    double tolerance = dimensions >= WordTrigramVectors.DIMENSION ? 1e-4 : 0.15;
    assertThat(cosine(va, vb)).as("cosine kept").isCloseTo(modelAb, within(tolerance));
    assertThat(cosine(va, vc)).as("cosine kept").isCloseTo(modelAc, within(tolerance));
  }

  @Test
  void theSameTextGetsTheSameVectorFromTheAsyncAndTheSyncClient() {
    String text = "Metformin 500 mg twice daily.";
    InvokeModelResponse fromAsync = async.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2)
        .contentType("application/json").accept("application/json").body(titanBody(text, 512, true))).join();

    assertThat(fromAsync.contentType()).isEqualTo("application/json");
    assertThat(vector(json(fromAsync).get("embedding"))).containsExactly(embed(text, 512));
  }

  @Test
  void withoutNormalizeTheModelsOwnLengthIsKeptAndDefaultsAre1024Floats() {
    JsonNode raw = invoke(sync, titanBody("Blood pressure 120 over 80.", null, false));
    JsonNode normalized = invoke(sync, titanBody("Blood pressure 120 over 80.", null, null));

    assertThat(raw.get("embedding")).hasSize(1024);
    assertThat(norm(vector(raw.get("embedding")))).as("an isometric map keeps the model's norm")
        .isCloseTo(3.0, within(1e-4));
    assertThat(norm(vector(normalized.get("embedding")))).isCloseTo(1.0, within(1e-5));
    assertThat(normalized.get("inputTextTokenCount").asInt()).isEqualTo(7);
    assertThat(normalized.get("embeddingsByType").get("float")).isEqualTo(normalized.get("embedding"));
    assertThat(normalized.get("embeddingsByType").has("binary")).isFalse();
  }

  @Test
  void binaryEmbeddingsAreTheSignsOfTheFloats() {
    String body = "{\"inputText\":\"Allergic to penicillin.\",\"dimensions\":256,\"embeddingTypes\":[\"binary\",\"float\"]}";
    JsonNode out = invoke(sync, SdkBytes.fromUtf8String(body));

    float[] floats = vector(out.get("embeddingsByType").get("float"));
    JsonNode bits = out.get("embeddingsByType").get("binary");
    assertThat(bits).hasSize(256);
    for (int i = 0; i < floats.length; i++) {
      assertThat(bits.get(i).asInt()).isEqualTo(floats[i] > 0 ? 1 : 0);
    }
  }

  @Test
  void fastModeGivesDeterministicUnitVectorsThatStillShareWords() {
    String a = "left ventricular ejection fraction reduced";
    float[] first = vector(invoke(fastSync, titanBody(a, 1024, true)).get("embedding"));
    float[] again = vector(invoke(fastSync, titanBody(a, 1024, true)).get("embedding"));
    float[] related = vector(invoke(fastSync, titanBody("ejection fraction of the left ventricle", 1024, true))
        .get("embedding"));
    float[] unrelated = vector(invoke(fastSync, titanBody("parking invoice payable monthly", 1024, true))
        .get("embedding"));

    assertThat(again).containsExactly(first);
    assertThat(norm(first)).isCloseTo(1.0, within(1e-5));
    assertThat(cosine(first, related)).isGreaterThan(cosine(first, unrelated) + 0.3);
  }

  @Test
  void inputsOverTitansLimitsAreValidationErrors() {
    String tooLong = "a".repeat(TitanRequest.MAX_CHARACTERS + 1);
    String tooManyTokens = "a ".repeat(TitanRequest.MAX_TOKENS + 10);

    assertThatThrownBy(() -> invoke(sync, titanBody(tooLong, 256, true))).isInstanceOf(ValidationException.class)
        .hasMessageContaining("expected maxLength: 50000, actual: 50001")
        .satisfies(e -> assertThat(((ValidationException) e).statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> async.invokeModel(b -> b.modelId(LocalBedrock.TITAN_EMBED_V2)
            .body(titanBody(tooManyTokens, 256, true))).join())
        .isInstanceOf(CompletionException.class).cause().isInstanceOf(ValidationException.class)
        .hasMessageContaining("Too many input tokens. Max input tokens: 8192");
  }

  @Test
  void malformedBodiesAreValidationErrorsWithTitansWording() {
    assertThatThrownBy(() -> invoke(sync, SdkBytes.fromUtf8String("{\"inputText\":\"x\",\"dimensions\":100}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("#/dimensions: 100 is not a valid enum value");
    assertThatThrownBy(() -> invoke(sync, SdkBytes.fromUtf8String("{\"inputText\":\"x\",\"texts\":[\"y\"]}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("extraneous key [texts] is not permitted");
    assertThatThrownBy(() -> invoke(sync, SdkBytes.fromUtf8String("{\"dimensions\":256}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("required key [inputText] not found");
    assertThatThrownBy(() -> invoke(sync, SdkBytes.fromUtf8String("not json")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("Malformed input request");
  }

  @Test
  void anUnknownModelIsResourceNotFound() {
    assertThatThrownBy(() -> sync.invokeModel(b -> b.modelId("amazon.titan-embed-text-v9:0")
            .body(titanBody("x", 256, true))))
        .isInstanceOf(ResourceNotFoundException.class)
        .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> sync.invokeModel(b -> b.modelId("anthropic.claude-3-haiku-20240307-v1:0")
            .body(titanBody("x", 256, true))))
        .as("Claude is served through Converse only").isInstanceOf(ValidationException.class);
  }

  @Test
  void theFoundationModelArnNamesTitanToo() {
    String arn = "arn:aws:bedrock:us-east-1::foundation-model/" + LocalBedrock.TITAN_EMBED_V2;
    assertThat(invoke(sync, arn, titanBody("Heart rate 72.", 256, true)).get("embedding")).hasSize(256);
  }

  @Test
  void unsignedRequestsAndRequestsSignedForAnotherRegionAreRefused() throws Exception {
    HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(real.endpoint() + "/model/amazon.titan-embed-text-v2%3A0/invoke"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"inputText\":\"x\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.headers().firstValue("X-Amzn-ErrorType")).get().asString()
        .startsWith("MissingAuthenticationTokenException");
    assertThat(unsigned.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");

    try (BedrockRuntimeClient elsewhere = BedrockRuntimeClient.builder().endpointOverride(real.endpoint())
        .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("any", "any")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
      assertThatThrownBy(() -> invoke(elsewhere, titanBody("x", 256, true)))
          .isInstanceOf(BedrockRuntimeException.class)
          .satisfies(e -> assertThat(((BedrockRuntimeException) e).statusCode()).isEqualTo(403))
          .satisfies(e -> assertThat(((BedrockRuntimeException) e).awsErrorDetails().errorCode())
              .isEqualTo("InvalidSignatureException"));
    }
  }

  @Test
  void callsAndTokensAreCounted() {
    BedrockStats before = real.stats();
    invoke(sync, titanBody("one two three", 256, true));
    assertThatThrownBy(() -> invoke(sync, SdkBytes.fromUtf8String("{}"))).isInstanceOf(ValidationException.class);

    BedrockStats after = real.stats();
    assertThat(after.calls(BedrockOperation.INVOKE_MODEL) - before.calls(BedrockOperation.INVOKE_MODEL)).isEqualTo(2);
    assertThat(after.succeeded() - before.succeeded()).isEqualTo(1);
    assertThat(after.rejected() - before.rejected()).isEqualTo(1);
    assertThat(after.inputTokens() - before.inputTokens()).isEqualTo(3);
  }

  private static float[] embed(String text, int dimensions) {
    return vector(invoke(sync, titanBody(text, dimensions, true)).get("embedding"));
  }

  private static JsonNode invoke(BedrockRuntimeClient client, SdkBytes body) {
    return invoke(client, LocalBedrock.TITAN_EMBED_V2, body);
  }

  private static JsonNode invoke(BedrockRuntimeClient client, String modelId, SdkBytes body) {
    return json(client.invokeModel(b -> b.modelId(modelId).contentType("application/json")
        .accept("application/json").body(body)));
  }
}
