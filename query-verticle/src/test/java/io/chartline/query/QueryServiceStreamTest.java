package io.chartline.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartline.common.error.ChartlineException;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.generate.Generator;
import io.chartline.common.store.ChunkStore.Passage;
import io.chartline.common.tenant.DataScope;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streamed answers and the fallback when the generator fails, on fixed passages and scripted generators. */
class QueryServiceStreamTest {

  private static final DataScope SCOPE = DataScope.tenant(TenantId.of("tenant-a"));
  private final List<Passage> found = List.of(AnswerFixtures.passage(0.9, "Warfarin 5 mg daily was started."),
      AnswerFixtures.passage(0.8, "INR target 2 to 3."));

  /** Streams the scripted pieces, one after the other, each after the sink took the previous one. */
  private static Generator scripted(String... pieces) {
    return new Generator() {
      @Override
      public Future<Answer> answer(String question, List<Passage> passages) {
        return Future.succeededFuture(new Answer(String.join("", pieces)));
      }

      @Override
      public Streaming stream(String question, List<Passage> passages, Sink sink) {
        Future<Void> chain = Future.succeededFuture();
        for (String p : pieces) {
          chain = chain.compose(v -> sink.text(p));
        }
        Future<Answer> done = chain.map(new Answer(String.join("", pieces)));
        return Streaming.of(done);
      }

      @Override
      public String id() {
        return "scripted";
      }
    };
  }

  private static Generator failing() {
    return new Generator() {
      @Override
      public Future<Answer> answer(String question, List<Passage> passages) {
        return Future.failedFuture(new ChartlineException(ErrorCode.UNAVAILABLE, "the answer model is throttled"));
      }

      @Override
      public String id() {
        return "failing";
      }
    };
  }

  @Test
  void theStreamedPiecesAndTheFinalReplyAgree() {
    List<String> sent = new ArrayList<>();
    QueryService service = AnswerFixtures.service(found, 0.5, scripted("Warfarin was ", "started [2", "] at 5 mg [1]."));

    JsonObject reply = service.stream(SCOPE, "warfarin", 5, p -> {
      sent.add(p);
      return Future.succeededFuture();
    }).reply().result();

    assertThat(String.join("", sent)).isEqualTo("Warfarin was started [1] at 5 mg [2].");
    assertThat(reply.getString("answer")).isEqualTo("Warfarin was started [1] at 5 mg [2].");
    assertThat(reply.getBoolean("answered")).isTrue();
    assertThat(reply.getJsonArray("citations").getJsonObject(0).getInteger("passage")).isEqualTo(2);
    assertThat(reply.getJsonObject("timings").getDouble("first_text_ms")).isGreaterThanOrEqualTo(0);
  }

  @Test
  void aGeneratorFailureGivesThePassagesWithTheFallbackAndAnErrorWithout() {
    JsonObject reply = AnswerFixtures.service(found, 0.5, failing()).query(SCOPE, "warfarin", 5).result();
    assertThat(reply.getBoolean("answered")).isFalse();
    assertThat(reply.getString("reason")).isEqualTo("generator_unavailable");
    assertThat(reply.getJsonArray("passages")).hasSize(2);
    assertThat(reply.getJsonArray("citations")).isEmpty();

    Future<JsonObject> strict = AnswerFixtures.service(found, 0.5, failing(), false).query(SCOPE, "warfarin", 5);
    assertThat(strict.failed()).isTrue();
    assertThat(((ChartlineException) strict.cause()).code()).isEqualTo(ErrorCode.UNAVAILABLE);

    JsonObject streamed = AnswerFixtures.service(found, 0.5, failing()).stream(SCOPE, "warfarin", 5,
        p -> Future.succeededFuture()).reply().result();
    assertThat(streamed.getString("reason")).isEqualTo("generator_unavailable");
  }

  @Test
  void aRefusalIsNotAnAnswer() {
    Generator refusing = new Generator() {
      @Override
      public Future<Answer> answer(String question, List<Passage> passages) {
        return Future.succeededFuture(new Answer("blocked [1]", true));
      }

      @Override
      public String id() {
        return "refusing";
      }
    };
    JsonObject reply = AnswerFixtures.service(found, 0.5, refusing).query(SCOPE, "warfarin", 5).result();
    assertThat(reply.getBoolean("answered")).isFalse();
    assertThat(reply.getString("reason")).isEqualTo("refused");
    assertThat(reply.getJsonArray("citations")).isEmpty();
  }

  @Test
  void aStreamThatFailsAfterTextWentOutFails() {
    Generator breaking = new Generator() {
      @Override
      public Future<Answer> answer(String question, List<Passage> passages) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Streaming stream(String question, List<Passage> passages, Sink sink) {
        Future<Answer> done = sink.text("Warfarin [1] ").compose(v -> Future.failedFuture(
            new ChartlineException(ErrorCode.UNAVAILABLE, "the answer model failed")));
        return Streaming.of(done);
      }

      @Override
      public String id() {
        return "breaking";
      }
    };
    Future<JsonObject> reply = AnswerFixtures.service(found, 0.5, breaking).stream(SCOPE, "warfarin", 5,
        p -> Future.succeededFuture()).reply();
    assertThat(reply.failed()).isTrue();
  }
}
