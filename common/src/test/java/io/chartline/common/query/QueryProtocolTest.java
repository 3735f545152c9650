package io.chartline.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chartline.common.tenant.TenantId;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The query role checks each request itself, whoever put it on the bus. */
class QueryProtocolTest {

  private static JsonObject request(Object text, Object topK) {
    return QueryProtocol.request(TenantId.of("clinic-a"), QueryProtocol.MODE_SEARCH, "q", 5, "r-1")
        .put("text", text).put("top_k", topK);
  }

  @Test
  void aWellFormedRequestGivesItsTextAndTopK() {
    JsonObject r = request("metformin dose", 10);
    assertThat(QueryProtocol.text(r)).isEqualTo("metformin dose");
    assertThat(QueryProtocol.topK(r)).isEqualTo(10);
    assertThat(QueryProtocol.topK(request("x", (long) QueryProtocol.MAX_TOP_K))).isEqualTo(QueryProtocol.MAX_TOP_K);
  }

  @Test
  void topKOutsideOneToTheMaximumOrNotAnIntegerIsRefused() {
    for (Object k : new Object[] {0, -1, QueryProtocol.MAX_TOP_K + 1, 1_000_000_000_000L, 2.5, "10", null}) {
      assertThatThrownBy(() -> QueryProtocol.topK(request("x", k))).as("top_k %s", k)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void blankMissingNonStringOrOverlongTextIsRefused() {
    for (Object t : new Object[] {"", "   ", null, 42, "a".repeat(QueryProtocol.MAX_TEXT_CHARS + 1)}) {
      assertThatThrownBy(() -> QueryProtocol.text(request(t, 5))).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(QueryProtocol.text(request("a".repeat(QueryProtocol.MAX_TEXT_CHARS), 5)))
        .hasSize(QueryProtocol.MAX_TEXT_CHARS);
  }
}
