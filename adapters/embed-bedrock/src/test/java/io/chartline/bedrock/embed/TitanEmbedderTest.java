package io.chartline.bedrock.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chartline.bedrock.embed.TitanEmbedException.Kind;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The embedder's contract on the in-memory Titan: request shape, order, dimension, splitting, response checks. */
class TitanEmbedderTest {

  private static final TenantId TENANT = TenantId.of("clinic-a");

  @Test
  void asksTitanV2ForOneNormalisedVectorOfTheConfiguredDimensionPerText() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.dimensions(s, 512));

    List<float[]> vectors = f.embed(List.of("chest pain on exertion", "no known allergies"));

    assertThat(f.fake.calls).hasSize(2);
    assertThat(f.fake.calls).allSatisfy(c -> {
      assertThat(c.modelId()).isEqualTo("amazon.titan-embed-text-v2:0");
      assertThat(c.dimensions()).isEqualTo(512);
      assertThat(c.normalize()).isTrue();
    });
    assertThat(f.fake.calls).extracting(FakeTitan.Call::text)
        .containsExactlyInAnyOrder("chest pain on exertion", "no known allergies");
    assertThat(vectors).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(512));
    assertThat(f.embedder.dimension()).isEqualTo(512);
    assertThat(f.embedder.modelId()).isEqualTo("amazon.titan-embed-text-v2:0");
  }

  @Test
  void vectorsComeBackInInputOrderWhateverOrderTheCallsFinishIn() {
    TitanFixture f = new TitanFixture();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      texts.add("note number " + i);
    }
    // the first text answers last, the last first
    f.fake.latency = (text, attempt) -> Duration.ofMillis(500 - 40L * Integer.parseInt(text.substring(12)));

    List<float[]> vectors = f.embed(texts);

    for (int i = 0; i < texts.size(); i++) {
      assertThat(vectors.get(i)).containsExactly(FakeTitan.vectorOf(texts.get(i), 1024), within(1e-6f));
    }
  }

  @Test
  void noTextsMakeNoCall() {
    TitanFixture f = new TitanFixture();

    assertThat(f.embed(List.of())).isEmpty();
    assertThat(f.fake.calls).isEmpty();
  }

  @Test
  void aVectorOfAnotherDimensionIsAnErrorNotAVector() {
    TitanFixture f = new TitanFixture();
    f.fake.behaviour = (text, attempt) -> FakeTitan.response(text, 256);

    Future<List<float[]>> result = f.await(f.embedder.embed(TENANT, List.of("history of asthma")));

    assertThat(result.failed()).isTrue();
    TitanEmbedException e = (TitanEmbedException) result.cause();
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("256 dimensions, 1024 are configured");
    assertThat(e.tenant()).isEqualTo(TENANT);
  }

  @Test
  void aResponseWithoutAnEmbeddingOrWithNonNumbersIsMalformed() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.dimensions(s, 256));
    f.fake.behaviour = (text, attempt) -> text.startsWith("a")
        ? new JsonObject().put("inputTextTokenCount", 3)
        : new JsonObject().put("embedding", new JsonArray().add("x").addAll(FakeTitan.response(text, 255)
            .getJsonArray("embedding")));

    Future<List<float[]>> missing = f.await(f.embedder.embed(List.of("a note")));
    Future<List<float[]>> notNumbers = f.await(f.embedder.embed(List.of("b note")));

    assertThat(((TitanEmbedException) missing.cause()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(missing.cause().getMessage()).contains("no embedding array");
    assertThat(((TitanEmbedException) notNumbers.cause()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(f.fake.calls).hasSize(2); // malformed answers are not retried
  }

  @Test
  void aTextOverTheInputLimitIsSplitAndItsPartsCombinedByLength() {
    TitanFixture f = new TitanFixture();
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 60_000) {
      sb.append("patient reports intermittent dizziness ").append(sb.length()).append(' ');
    }
    String longText = sb.toString();

    List<float[]> vectors = f.embed(List.of("short note", longText));

    List<String> parts = f.fake.calls.stream().map(FakeTitan.Call::text).filter(t -> !t.equals("short note")).toList();
    assertThat(parts).hasSize(3).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(25_000));
    assertThat(String.join("", new InputSplitter(25_000).split(longText))).isEqualTo(longText);
    double[] expected = new double[1024];
    for (String p : new InputSplitter(25_000).split(longText)) {
      float[] v = FakeTitan.vectorOf(p, 1024);
      for (int i = 0; i < expected.length; i++) {
        expected[i] += p.length() * (double) v[i];
      }
    }
    double norm = 0;
    for (double x : expected) {
      norm += x * x;
    }
    float[] combined = vectors.get(1);
    for (int i = 0; i < expected.length; i++) {
      assertThat(combined[i]).isCloseTo((float) (expected[i] / Math.sqrt(norm)), within(1e-5f));
    }
    assertThat(vectors.get(0)).containsExactly(FakeTitan.vectorOf("short note", 1024), within(1e-6f));
  }

  @Test
  void anEmptyTextFailsPermanentlyWithoutACall() {
    TitanFixture f = new TitanFixture();

    Future<List<float[]>> result = f.await(f.embedder.embed(TENANT, List.of("fine", "")));

    TitanEmbedException e = (TitanEmbedException) result.cause();
    assertThat(e.kind()).isEqualTo(Kind.INPUT_TOO_LARGE);
    assertThat(e.permanent()).isTrue();
    assertThat(f.fake.calls).isEmpty();
  }

  @Test
  void aTextLongerThanTheEmbedderSplitsFailsPermanentlyWithoutACall() {
    TitanFixture f = new TitanFixture();
    String huge = "x ".repeat(25_000 * InputSplitter.MAX_PARTS / 2 + 10_000);

    Future<List<float[]>> result = f.await(f.embedder.embed(TENANT, List.of(huge)));

    TitanEmbedException e = (TitanEmbedException) result.cause();
    assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_LARGE);
    assertThat(e.permanent()).isTrue();
    assertThat(f.fake.calls).isEmpty();
  }

  @Test
  void aRefusedInputFailsTheCallPermanentlyAndStopsItsOtherTexts() {
    TitanFixture f = new TitanFixture(s -> TitanFixture.with(s, s.quota(), 1, 1024, s.retry(), s.breaker()));
    f.fake.behaviour = (text, attempt) -> text.equals("bad")
        ? ValidationException.builder().message("Malformed input request").statusCode(400).build() : null;

    Future<List<float[]>> result = f.await(f.embedder.embed(TENANT, List.of("bad", "second", "third", "fourth")));

    TitanEmbedException e = (TitanEmbedException) result.cause();
    assertThat(e.kind()).isEqualTo(Kind.INPUT_REJECTED);
    assertThat(e.permanent()).isTrue();
    assertThat(e.getMessage()).contains("ValidationException").doesNotContain("Malformed input request");
    assertThat(f.fake.callsFor("bad")).isEqualTo(1);
    f.time.advance(Duration.ofMinutes(1));
    // one call at a time: once the first text failed, the texts still waiting were never sent
    assertThat(f.fake.calls).hasSize(1);
    assertThat(f.embedder.limiter().waiting()).isZero();
    assertThat(f.embedder.limiter().inFlight()).isZero();
  }

  @Test
  void closingRefusesNewCallsAndClosesTheClientOnceCallsUnderWayFinish() {
    TitanFixture f = new TitanFixture();
    Future<List<float[]>> underWay = f.embedder.embed(List.of("first"));

    f.embedder.close();

    assertThat(f.fake.closed).isFalse();
    Future<List<float[]>> refused = f.embedder.embed(List.of("second"));
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(IllegalStateException.class);
    assertThat(f.await(underWay).succeeded()).isTrue();
    assertThat(f.fake.closed).isTrue();
  }
}
